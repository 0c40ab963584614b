import { DIALECT_1987_ASCII, fromNamedFields, type NamedFields } from '@bridge/iso8583';
import type { AuthorizationRequest } from '../../../apps/authorizer/src/mapping/authorization-request';
import { toAuthorizationRequest } from '../../../apps/authorizer/src/mapping/to-authorization-request';

/** The demo card's 0100 at USD 12.34 as the authorizer maps it, with `fields` replaced. */
export function authorizationRequest(fields: Partial<NamedFields> = {}): AuthorizationRequest {
  const mapped = toAuthorizationRequest(
    fromNamedFields(
      '0100',
      {
        pan: '4761739001010119',
        processingCode: '000000',
        amountTransaction: '000000001234',
        transmissionDateTime: '1130101500',
        stan: '000123',
        expiry: '3012',
        acquirerId: '123456',
        terminalId: 'TERM0001',
        merchantId: 'CRYPTOMERCH0001',
        currencyCode: '840',
        ...fields,
      },
      DIALECT_1987_ASCII,
    ),
  );
  if (!mapped.ok) throw new Error(`test request misses ${mapped.missing}`);
  return mapped.request;
}
