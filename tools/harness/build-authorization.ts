import { currencyByCode } from '@bridge/contracts';
import { DIALECT_1987_ASCII, fromNamedFields, type IsoMessage } from '@bridge/iso8583';
import { DEMO } from '../dev/demo-data';

export interface AuthorizationInput {
  pan: string;
  expiry?: string;
  /** Major units with decimals, e.g. "12.34"; scaled by the currency's ISO 4217 exponent. */
  amount: string;
  currency: string;
  merchantId: string;
  acquirerId: string;
  terminalId: string;
  mcc: string;
  posEntryMode: string;
  stan: string;
  rrn?: string;
  processingCode?: string;
  mti?: string;
  iccHex?: string;
  now?: Date;
}

/** An authorization of 1.00 USD on the demo card at the demo merchant; commands and scenarios override fields. */
export const DEMO_AUTHORIZATION: AuthorizationInput = {
  pan: DEMO.cryptoCard.pan,
  expiry: DEMO.cryptoCard.expiry,
  amount: '1.00',
  currency: 'USD',
  merchantId: DEMO.merchant.merchantId,
  acquirerId: DEMO.merchant.acquirerId,
  terminalId: 'TERM0001',
  mcc: '5999',
  posEntryMode: '051',
  stan: '000000',
};

/** Parses "12.34" into minor units for a currency exponent, refusing extra precision. */
export function toMinorUnits(amount: string, exponent: number): bigint {
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(amount);
  if (!m) throw new Error(`amount ${JSON.stringify(amount)} is not a decimal number`);
  const fraction = m[2] ?? '';
  if (fraction.length > exponent) throw new Error(`amount ${amount} has more than ${exponent} decimals`);
  return BigInt(m[1] + fraction.padEnd(exponent, '0'));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Builds an 0100 with the fields a network sends (DE 2, 3, 4, 7, 11, 12, 13, 14, 18, 22, 32, 37, 41, 42, 49[, 55]). */
export function buildAuthorization(input: AuthorizationInput): IsoMessage {
  const currency = currencyByCode(input.currency);
  if (!currency) throw new Error(`unknown currency ${input.currency}`);
  const now = input.now ?? new Date();
  const mmdd = pad(now.getUTCMonth() + 1) + pad(now.getUTCDate());
  const hhmmss = pad(now.getUTCHours()) + pad(now.getUTCMinutes()) + pad(now.getUTCSeconds());
  const fields: Record<string, string | Buffer> = {
    pan: input.pan,
    processingCode: input.processingCode ?? '000000',
    amountTransaction: toMinorUnits(input.amount, currency.exponent).toString().padStart(12, '0'),
    transmissionDateTime: mmdd + hhmmss,
    stan: input.stan,
    localTime: hhmmss,
    localDate: mmdd,
    merchantType: input.mcc,
    posEntryMode: input.posEntryMode,
    acquirerId: input.acquirerId,
    rrn: input.rrn ?? (mmdd + hhmmss + input.stan).slice(-12),
    terminalId: input.terminalId.padEnd(8, ' ').slice(0, 8),
    merchantId: input.merchantId.padEnd(15, ' ').slice(0, 15),
    currencyCode: currency.numeric,
  };
  if (input.expiry) fields.expiry = input.expiry;
  if (input.iccHex) fields.iccData = hexBytes('DE55', input.iccHex);
  return fromNamedFields(input.mti ?? '0100', fields, DIALECT_1987_ASCII);
}

/** Buffer.from(…, 'hex') stops silently at the first bad pair: 'zz' would send an empty DE55. */
export function hexBytes(what: string, hex: string): Buffer {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new Error(`${what} must be hex, whole bytes: ${hex}`);
  return Buffer.from(hex, 'hex');
}
