import { Injectable } from '@nestjs/common';
import { HDNodeWallet } from 'ethers';
import { DataSource } from 'typeorm';
import { returnedRows, type MerchantEntity } from '@bridge/persistence';

/**
 * The merchant's destination for one payment. FIXED: the payout address. DERIVED: child i of the
 * merchant's xpub (BIP-32, non-hardened), i taken from the merchant's counter under its row lock and
 * recorded against the authorization, so indexes have no gaps, are never reused, and a retried
 * request for the same authorization gets the same address (as BTCPay does per invoice).
 */
@Injectable()
export class DestinationResolver {
  constructor(private readonly db: DataSource) {}

  async resolve(merchant: MerchantEntity, authorizationId: string): Promise<string> {
    if (merchant.addressMode === 'FIXED') return merchant.payoutAddress!;
    return this.db.transaction(async (em) => {
      const [existing] = (await em.query(`SELECT address FROM address_allocations WHERE authorization_id = $1`, [authorizationId])) as { address: string }[];
      if (existing) return existing.address;
      const [row] = returnedRows<{ index: number; xpub: string }>(
        await em.query(
          `UPDATE merchants SET next_derivation_index = next_derivation_index + 1 WHERE id = $1 RETURNING next_derivation_index - 1 AS index, xpub`,
          [merchant.id],
        ),
      );
      const address = HDNodeWallet.fromExtendedKey(row.xpub).deriveChild(row.index).address;
      await em.query(`INSERT INTO address_allocations (merchant_id, derivation_index, address, authorization_id) VALUES ($1,$2,$3,$4)`, [
        merchant.id,
        row.index,
        address,
        authorizationId,
      ]);
      return address;
    });
  }
}
