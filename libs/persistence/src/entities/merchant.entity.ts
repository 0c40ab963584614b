import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A merchant as the exchange adapter knows it: DE32 + DE42, paid out in one asset on one chain. */
@Entity('merchants')
@Unique('uq_merchant_identity', ['acquirerId', 'merchantId'])
export class MerchantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'acquirer_id', type: 'varchar', length: 11 }) acquirerId!: string;
  @Column({ name: 'merchant_id', type: 'varchar', length: 15 }) merchantId!: string;
  @Column({ type: 'varchar', length: 80 }) name!: string;
  @Column({ type: 'varchar', length: 32 }) chain!: string;
  @Column({ name: 'asset_symbol', type: 'varchar', length: 16 }) assetSymbol!: string;
  @Column({ name: 'address_mode', type: 'varchar', length: 16 }) addressMode!: 'FIXED';
  @Column({ name: 'payout_address', type: 'varchar', length: 42 }) payoutAddress!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
