#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { decodeDe48 } from '@bridge/contracts';
import { DIALECT_1987_ASCII, maskPan, toNamedFields } from '@bridge/iso8583';
import { buildAuthorization } from './build-authorization';
import { IsoClient } from './iso-client';

const HELP = `Usage: npm run harness -- auth [options]

Sends one ISO 8583 authorization (0100) and prints the 0110.
  --pan N            card number (default: the demo crypto card)
  --expiry YYMM      DE14 (default 3012)
  --amount 12.34     amount in major units (default 12.34)
  --currency USD     ISO 4217 alpha or numeric (default USD)
  --merchant ID      DE42 (default CRYPTOMERCH0001)
  --acquirer ID      DE32 (default 123456)
  --terminal ID      DE41 (default TERM0001)
  --mcc NNNN         DE18 (default 5999)
  --pos-entry NNN    DE22 (default 051)
  --stan NNNNNN      DE11 (default: random)
  --icc HEX          DE55 EMV data
  --host H --port P  bridge address (default 127.0.0.1:8583)
  --timeout MS       answer timeout (default 5000)
  --json             print JSON instead of a table`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pan: { type: 'string', default: '4761739001010119' }, // demo card
      expiry: { type: 'string', default: '3012' },
      amount: { type: 'string', default: '12.34' },
      currency: { type: 'string', default: 'USD' },
      merchant: { type: 'string', default: 'CRYPTOMERCH0001' },
      acquirer: { type: 'string', default: '123456' },
      terminal: { type: 'string', default: 'TERM0001' },
      mcc: { type: 'string', default: '5999' },
      'pos-entry': { type: 'string', default: '051' },
      stan: { type: 'string' },
      icc: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8583' },
      timeout: { type: 'string', default: '5000' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] !== 'auth') {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const stan = values.stan ?? String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const request = buildAuthorization({
    pan: values.pan!,
    expiry: values.expiry,
    amount: values.amount!,
    currency: values.currency!,
    merchantId: values.merchant!,
    acquirerId: values.acquirer!,
    terminalId: values.terminal!,
    mcc: values.mcc!,
    posEntryMode: values['pos-entry']!,
    stan,
    iccHex: values.icc,
  });
  const client = await IsoClient.connect(values.host!, Number(values.port));
  const started = process.hrtime.bigint();
  try {
    const answer = await client.request(request, Number(values.timeout));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const named = toNamedFields(answer, DIALECT_1987_ASCII);
    const shown: Record<string, string> = { mti: answer.mti };
    for (const [k, v] of Object.entries(named)) shown[k] = k === 'pan' ? maskPan(String(v)) : Buffer.isBuffer(v) ? v.toString('hex') : v;
    const de48 = typeof named.additionalData === 'string' ? decodeDe48(named.additionalData) : {};
    if (values.json) console.log(JSON.stringify({ response: shown, de48, roundTripMs: Number(ms.toFixed(1)) }));
    else {
      console.table(shown);
      if (Object.keys(de48).length) console.table(de48);
      console.log(`round trip ${ms.toFixed(1)} ms`);
    }
    return named.responseCode === '00' ? 0 : 1;
  } finally {
    client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`harness: ${(e as Error).message}`);
    process.exit(2);
  },
);
