import { DIALECT_1987_ASCII, IsoMessage, toNamedFields } from '@bridge/iso8583';
import type { AuthorizationRequest } from './authorization-request';

const MANDATORY = [
  'pan',
  'processingCode',
  'amountTransaction',
  'transmissionDateTime',
  'stan',
  'acquirerId',
  'terminalId',
  'merchantId',
  'currencyCode',
] as const;

export type MappingResult = { ok: true; request: AuthorizationRequest } | { ok: false; missing: string };

/** Maps a decoded 0100/0101 to the domain request; a missing mandatory field is a format error (DE39 30). */
export function toAuthorizationRequest(message: IsoMessage): MappingResult {
  const f = toNamedFields(message, DIALECT_1987_ASCII);
  for (const name of MANDATORY) if (typeof f[name] !== 'string') return { ok: false, missing: name };
  const s = (name: string) => (typeof f[name] === 'string' ? (f[name] as string) : undefined);
  return {
    ok: true,
    request: {
      mti: message.mti,
      pan: s('pan')!,
      processingCode: s('processingCode')!,
      amountMinor: BigInt(s('amountTransaction')!),
      transmissionDateTime: s('transmissionDateTime')!,
      stan: s('stan')!,
      localTime: s('localTime'),
      localDate: s('localDate'),
      expiry: s('expiry'),
      merchantType: s('merchantType'),
      posEntryMode: s('posEntryMode'),
      acquirerId: s('acquirerId')!,
      rrn: s('rrn'),
      terminalId: s('terminalId')!,
      merchantId: s('merchantId')!,
      currencyNumeric: s('currencyCode')!,
      echo: f,
    },
  };
}
