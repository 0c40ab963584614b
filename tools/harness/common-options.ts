import type { ParseArgsConfig } from 'node:util';
import type { FramingKind } from '@bridge/iso8583';
import { numericOption } from './numeric-option';

/** Options every command takes. */
export const CONNECTION_OPTIONS = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8583' },
  framing: { type: 'string', default: 'binary2' },
  timeout: { type: 'string', default: '5000' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies ParseArgsConfig['options'];

export const CONNECTION_HELP = `  --host H --port P   bridge address (default 127.0.0.1:8583)
  --framing F         binary2 (default), ascii4 or bcd2 length header
  --timeout MS        answer timeout (default 5000)
  --json              machine-readable output
  -h, --help          this help`;

/** Card and merchant options of authorization-like commands (defaults: the demo data). */
export const CARD_OPTIONS = {
  pan: { type: 'string', default: '4761739001010119' }, // demo card
  expiry: { type: 'string', default: '3012' },
  amount: { type: 'string', default: '12.34' },
  currency: { type: 'string', default: 'USD' },
  merchant: { type: 'string', default: 'CRYPTOMERCH0001' },
  acquirer: { type: 'string', default: '123456' },
  terminal: { type: 'string', default: 'TERM0001' },
  mcc: { type: 'string', default: '5999' },
  'pos-entry': { type: 'string', default: '051' },
  'processing-code': { type: 'string', default: '000000' },
  stan: { type: 'string' },
  icc: { type: 'string' },
} satisfies ParseArgsConfig['options'];

export const CARD_HELP = `  --pan N             card number (default: the demo crypto card)
  --expiry YYMM       DE14 (default 3012)
  --amount 12.34      amount in major units, scaled by the currency's ISO 4217 exponent
  --currency USD      ISO 4217 alpha or numeric (default USD)
  --merchant ID       DE42 (default CRYPTOMERCH0001)
  --acquirer ID       DE32 (default 123456)
  --terminal ID       DE41 (default TERM0001)
  --mcc NNNN          DE18 (default 5999)
  --pos-entry NNN     DE22 (default 051)
  --processing-code   DE3 (default 000000, purchase)
  --stan NNNNNN       DE11 (default: random)
  --icc HEX           DE55 EMV data`;

export interface ConnectionValues {
  host: string;
  port: number;
  framing: FramingKind;
  timeoutMs: number;
  json: boolean;
}

export function connectionValues(v: Record<string, unknown>): ConnectionValues {
  const framing = String(v.framing);
  if (!['binary2', 'ascii4', 'bcd2'].includes(framing)) throw new Error(`--framing must be binary2, ascii4 or bcd2`);
  return {
    host: String(v.host),
    port: numericOption('port', String(v.port), { integer: true, max: 65_535 }),
    framing: framing as FramingKind,
    timeoutMs: numericOption('timeout', String(v.timeout), { integer: true }),
    json: Boolean(v.json),
  };
}

export function randomStan(): string {
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}
