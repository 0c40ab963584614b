import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../bigint-transformer';

export type Custody = 'CUSTODIAL' | 'DELEGATED';

/** An on-chain account the bridge pays from. `nextNonce` is allocated under a row lock. */
@Entity('wallets')
export class WalletEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 32 }) chain!: string;
  @Column({ type: 'varchar', length: 42 }) address!: string;
  @Column({ type: 'varchar', length: 16 }) custody!: Custody;
  /** BIP-44 path under the bridge's key store (custodial); never the key itself. */
  @Column({ name: 'key_path', type: 'varchar', length: 64, nullable: true }) keyPath!: string | null;
  /** DELEGATED only: the bridge wallet that holds the cardholder's ERC-20 allowance and calls transferFrom. */
  @Column({ name: 'spender_wallet_id', type: 'uuid', nullable: true }) spenderWalletId!: string | null;
  @Column({ name: 'next_nonce', type: 'bigint', transformer: bigintTransformer }) nextNonce!: bigint;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
