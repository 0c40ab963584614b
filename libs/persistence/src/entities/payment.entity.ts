import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { bigintTransformer } from '../bigint-transformer';

/** SIGNED (persisted, not yet accepted by a node) → SUBMITTED → CONFIRMED | FAILED (reverted). A reorg moves CONFIRMED back to SUBMITTED. */
export type PaymentStatus = 'SIGNED' | 'SUBMITTED' | 'CONFIRMED' | 'FAILED';

/** ERC20_TRANSFER: custodial token; ERC20_TRANSFER_FROM: delegated (allowance); NATIVE: the chain's coin. */
export type PaymentKind = 'ERC20_TRANSFER' | 'ERC20_TRANSFER_FROM' | 'NATIVE';

/**
 * The on-chain leg of an approved authorization. Written with the signed raw transaction
 * BEFORE broadcast, so a retry or restart re-sends the same bytes (same hash), never a new tx.
 */
@Entity('payments')
@Unique('uq_payment_wallet_nonce', ['walletId', 'nonce'])
export class PaymentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'authorization_id', type: 'uuid', unique: true }) authorizationId!: string;
  /** The signer (nonce owner): the card wallet, or the bridge's spender in delegated mode. */
  @Column({ name: 'wallet_id', type: 'uuid' }) walletId!: string;
  /** Whose funds move: the card wallet (custodial or delegated). */
  @Column({ name: 'funding_wallet_id', type: 'uuid' }) fundingWalletId!: string;
  @Column({ type: 'varchar', length: 24 }) kind!: PaymentKind;
  @Column({ type: 'varchar', length: 32 }) chain!: string;
  @Column({ type: 'bigint', transformer: bigintTransformer }) nonce!: bigint;
  @Column({ name: 'asset_symbol', type: 'varchar', length: 16 }) assetSymbol!: string;
  @Column({ type: 'varchar', length: 42 }) destination!: string;
  @Column({ type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) amount!: bigint;
  @Column({ name: 'tx_hash', type: 'char', length: 66 }) txHash!: string; // newest attempt; unique as payment_transactions' key
  @Column({ name: 'max_fee_per_gas', type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) maxFeePerGas!: bigint;
  @Column({ name: 'max_priority_fee_per_gas', type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) maxPriorityFeePerGas!: bigint;
  @Column({ name: 'gas_limit', type: 'bigint', transformer: bigintTransformer }) gasLimit!: bigint;
  @Column({ type: 'varchar', length: 16 }) status!: PaymentStatus;
  @Column({ name: 'block_number', type: 'bigint', nullable: true, transformer: bigintTransformer }) blockNumber!: bigint | null;
  @Column({ name: 'block_hash', type: 'char', length: 66, nullable: true }) blockHash!: string | null;
  /** Which attempt landed (a replacement may, instead of the first hash). */
  @Column({ name: 'mined_tx_hash', type: 'char', length: 66, nullable: true }) minedTxHash!: string | null;
  @Column({ name: 'last_broadcast_at', type: 'timestamptz', nullable: true }) lastBroadcastAt!: Date | null;
  @Column({ name: 'gas_used', type: 'numeric', precision: 78, scale: 0, nullable: true, transformer: bigintTransformer }) gasUsed!: bigint | null;
  @Column({ name: 'fee_paid', type: 'numeric', precision: 78, scale: 0, nullable: true, transformer: bigintTransformer }) feePaid!: bigint | null;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
}
