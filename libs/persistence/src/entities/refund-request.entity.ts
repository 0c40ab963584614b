import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../bigint-transformer';

export type RefundReason = 'REVERSAL' | 'LATE_APPROVAL';
export type RefundStatus = 'REQUESTED' | 'SENT' | 'CONFIRMED' | 'FAILED';

/** Money to bring back from the merchant's destination to the card wallet; one per authorization. */
@Entity('refund_requests')
export class RefundRequestEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'authorization_id', type: 'uuid', unique: true }) authorizationId!: string;
  @Column({ type: 'varchar', length: 32 }) reason!: RefundReason;
  @Column({ type: 'varchar', length: 32 }) chain!: string;
  @Column({ name: 'asset_symbol', type: 'varchar', length: 16 }) assetSymbol!: string;
  @Column({ type: 'numeric', precision: 78, scale: 0, transformer: bigintTransformer }) amount!: bigint;
  @Column({ name: 'from_address', type: 'varchar', length: 42 }) fromAddress!: string;
  @Column({ name: 'to_address', type: 'varchar', length: 42 }) toAddress!: string;
  @Column({ type: 'varchar', length: 16 }) status!: RefundStatus;
  @Column({ name: 'tx_hash', type: 'char', length: 66, nullable: true }) txHash!: string | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
