import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RefundReason } from '@bridge/persistence';

/**
 * Records that the money of an authorization must come back from the merchant's destination to the
 * card wallet (reversal, or a payment that left after the network got 91). One per authorization:
 * a second request for the same one is a no-op. The exchange adapter carries them out.
 */
@Injectable()
export class RefundRequester {
  private readonly logger = new Logger(RefundRequester.name);

  /** Returns true when a new request was recorded (false: none needed, or already requested). */
  async request(em: EntityManager, authorizationId: string, reason: RefundReason): Promise<boolean> {
    const rows = (await em.query(
      `INSERT INTO refund_requests (id, authorization_id, reason, chain, asset_symbol, amount, from_address, to_address, status)
       SELECT $1, p.authorization_id, $3, p.chain, p.asset_symbol, p.amount, p.destination, w.address, 'REQUESTED'
         FROM payments p JOIN wallets w ON w.id = p.wallet_id WHERE p.authorization_id = $2
       ON CONFLICT (authorization_id) DO NOTHING RETURNING id`,
      [randomUUID(), authorizationId, reason],
    )) as { id: string }[];
    if (rows.length) this.logger.log(`refund requested for authorization ${authorizationId} (${reason})`);
    return rows.length > 0;
  }
}
