import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { bigintTransformer } from '../bigint-transformer';

export type PaymentStatus = 'SIGNED' | 'SUBMITTED' | 'CONFIRMED' | 'FAILED';

/**
 * The on-chain leg of an approved authorization. Written with the signed raw transaction
 * BEFORE broadcast, so a retry or restart re-sends the same bytes (same hash), never a new tx.
 */
@Entity('payments')
@Unique('uq_payment_wallet_nonce', ['walletId', 'nonce'])
export class PaymentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'authorization_id', type: 'uuid', unique: true }) authorizationId!: string;
  @Column({ name: 'wallet_id', type: 'uuid' }) walletId!: string;
  @Column({ type: 'varchar', length: 32 }) chain!: string;
  @Column({ type: 'bigint', transformer: bigintTransformer }) nonce!: bigint;
  @Column({ name: 'asset_symbol', type: 'varchar', length: 16 }) assetSymbol!: string;
  @Column({ type: 'varchar', length: 42 }) destination!: string;
  @Column({ type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) amount!: bigint;
  @Column({ name: 'tx_hash', type: 'char', length: 66, unique: true }) txHash!: string;
  @Column({ name: 'raw_tx', type: 'text' }) rawTx!: string;
  @Column({ name: 'max_fee_per_gas', type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) maxFeePerGas!: bigint;
  @Column({ name: 'max_priority_fee_per_gas', type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) maxPriorityFeePerGas!: bigint;
  @Column({ name: 'gas_limit', type: 'bigint', transformer: bigintTransformer }) gasLimit!: bigint;
  @Column({ type: 'varchar', length: 16 }) status!: PaymentStatus;
  @Column({ name: 'block_number', type: 'bigint', nullable: true, transformer: bigintTransformer }) blockNumber!: bigint | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
}
