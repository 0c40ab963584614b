import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECT_1987_ASCII, encodeIso, fromNamedFields, toNamedFields, type NamedFields } from '@bridge/iso8583';
import { repoRoot } from '@bridge/runtime';

/**
 * Writes test/vectors/*.json (hex + expected named fields). Run once when a vector is added;
 * each vector's bytes were then checked by hand against docs/wire-format.md and, for text-only
 * messages, against iso_8583's own packer in libs/iso8583/src/golden-vectors.spec.ts.
 */
const base: NamedFields = {
  pan: '4761739001010119',
  processingCode: '000000',
  amountTransaction: '000000001234',
  transmissionDateTime: '1128120000',
  stan: '000001',
  localTime: '120000',
  localDate: '1128',
  acquirerId: '123456',
  rrn: '833212000001',
  terminalId: 'TERM0001',
  merchantId: 'CRYPTOMERCH0001',
  currencyCode: '840',
};
const vectors: Record<string, { mti: string; fields: NamedFields }> = {
  '0100-authorization': { mti: '0100', fields: { ...base, expiry: '3012', merchantType: '5999', posEntryMode: '051' } },
  '0100-authorization-emv': {
    mti: '0100',
    fields: {
      ...base,
      stan: '000002',
      expiry: '3012',
      posEntryMode: '051',
      iccData: Buffer.from('9f2608c2b1a0f1e2d3c4b59f2701809f10120110a00003220000000000000000000000ff9f3704deadbeef', 'hex'),
    },
  },
  '0101-repeat': { mti: '0101', fields: { ...base, expiry: '3012' } },
  '0110-approved': {
    mti: '0110',
    fields: {
      ...base,
      approvalCode: 'EN3LYX',
      responseCode: '00',
      additionalData: '0101N0212eip155:3133703660xaa897f5d50ab1751942ba730d7af375bc0cb3d1e8e8ea75e34a965ca7d431e980408123400000504USDC',
    },
  },
  '0110-declined-51': { mti: '0110', fields: { ...base, responseCode: '51' } },
  '0120-stand-in-advice': { mti: '0120', fields: { ...base, stan: '000006', expiry: '3012', posEntryMode: '051' } },
  '0121-advice-repeat': { mti: '0121', fields: { ...base, stan: '000006', expiry: '3012', posEntryMode: '051' } },
  '0130-advice-response': { mti: '0130', fields: { ...base, stan: '000006', responseCode: '00' } },
  '0400-reversal': { mti: '0400', fields: { ...base, stan: '000007', originalDataElements: '010000000111281200000000012345600000000000' } },
  '0401-reversal-repeat': { mti: '0401', fields: { ...base, stan: '000007', originalDataElements: '010000000111281200000000012345600000000000' } },
  '0410-reversal-response': {
    mti: '0410',
    fields: { ...base, stan: '000007', responseCode: '00', originalDataElements: '010000000111281200000000012345600000000000' },
  },
  '0421-reversal-advice-repeat': { mti: '0421', fields: { ...base, stan: '000005', originalDataElements: '010000000111281200000000012345600000000000' } },
  '0430-reversal-advice-response': {
    mti: '0430',
    fields: { ...base, stan: '000005', responseCode: '25', originalDataElements: '010000000111281200000000012345600000000000' },
  },
  '0800-echo': { mti: '0800', fields: { transmissionDateTime: '1128120000', stan: '000003', networkManagementCode: '301' } },
  '0810-echo': { mti: '0810', fields: { transmissionDateTime: '1128120000', stan: '000003', responseCode: '00', networkManagementCode: '301' } },
  '0100-with-mac': { mti: '0100', fields: { ...base, stan: '000004', mac: Buffer.from('0123456789abcdef', 'hex') } },
  '0420-reversal-advice': {
    mti: '0420',
    fields: { ...base, stan: '000005', originalDataElements: '010000000111281200000000012345600000000000', mac2: Buffer.from('fedcba9876543210', 'hex') },
  },
};
for (const [name, v] of Object.entries(vectors)) {
  const message = fromNamedFields(v.mti, v.fields, DIALECT_1987_ASCII);
  const hex = encodeIso(message, DIALECT_1987_ASCII).toString('hex');
  const fields = Object.fromEntries(
    Object.entries(toNamedFields(message, DIALECT_1987_ASCII)).map(([k, x]) => [k, Buffer.isBuffer(x) ? { hex: x.toString('hex') } : x]),
  );
  writeFileSync(join(repoRoot(), 'test', 'vectors', `${name}.json`), JSON.stringify({ mti: v.mti, hex, fields }, null, 2) + '\n');
}
