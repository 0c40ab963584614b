import { createHash } from 'node:crypto';
import type { AuthorizationRequest } from '../mapping/authorization-request';

/** Fingerprint of the business content: a repeat with the same network key must match it (else 94). */
export function requestHash(r: AuthorizationRequest): string {
  return createHash('sha256')
    .update(
      [
        r.pan,
        r.processingCode,
        r.amountMinor.toString(),
        r.currencyNumeric,
        r.expiry ?? '',
        r.merchantId,
        r.terminalId,
        r.acquirerId,
        r.stan,
        r.transmissionDateTime,
      ].join('|'),
    )
    .digest('hex');
}
