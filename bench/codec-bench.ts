import Iso8583 = require('iso_8583');
import { decodeIso, DIALECT_1987_ASCII, encodeIso, engineFormats, fromNamedFields, type IsoMessage } from '@bridge/iso8583';

/**
 * Codec throughput: our strict encode + decode (own writer, strict scan, iso_8583 unpack with
 * cross-check) beside the raw iso_8583 pack + getIsoJSON of the same messages, in the same run.
 *   npm run bench:codec
 */
const base = {
  pan: '4761739001010119', // demo card
  processingCode: '000000',
  amountTransaction: '000000001234',
  transmissionDateTime: '1128120000',
  stan: '000001',
  localTime: '120000',
  localDate: '1128',
  expiry: '3012',
  merchantType: '5999',
  posEntryMode: '051',
  acquirerId: '123456',
  rrn: '833212000001',
  terminalId: 'TERM0001',
  merchantId: 'CRYPTOMERCH0001',
  currencyCode: '840',
};
const messages: IsoMessage[] = [
  fromNamedFields('0100', base, DIALECT_1987_ASCII),
  fromNamedFields(
    '0110',
    {
      ...base,
      approvalCode: 'EN3LYX',
      responseCode: '00',
      additionalData: '0101N0212eip155:3133703660xaa897f5d50ab1751942ba730d7af375bc0cb3d1e8e8ea75e34a965ca7d431e980408123400000504USDC',
    },
    DIALECT_1987_ASCII,
  ),
];
const formats = engineFormats(DIALECT_1987_ASCII);
const rawInputs = messages.map((m) => ({ 0: m.mti, ...Object.fromEntries([...m.fields].map(([k, v]) => [k, v as string])) }));

function measure(name: string, seconds: number, fn: (i: number) => void): number {
  for (let i = 0; i < 2_000; i++) fn(i); // warm-up
  let count = 0;
  const end = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const started = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 500; i++) fn(count++);
  }
  const perSecond = Math.round(count / (Number(process.hrtime.bigint() - started) / 1e9));
  console.log(`${name.padEnd(44)} ${perSecond.toLocaleString('en-US').padStart(10)} msg/s`);
  return perSecond;
}

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const strict = measure('strict encode + decode (ours over iso_8583)', seconds, (i) => {
  decodeIso(encodeIso(messages[i & 1], DIALECT_1987_ASCII), DIALECT_1987_ASCII);
});
const raw = measure('raw iso_8583 pack + getIsoJSON', seconds, (i) => {
  const packed = new Iso8583(rawInputs[i & 1], formats).getRawMessage() as Buffer;
  new Iso8583(undefined, formats).getIsoJSON(packed, { lenHeader: false });
});
const result = {
  bench: 'codec',
  strictMsgPerSec: strict,
  rawMsgPerSec: raw,
  strictOverRaw: Number((strict / raw).toFixed(2)),
  node: process.version,
  cores: require('node:os').cpus().length,
};
console.log(JSON.stringify(result));
