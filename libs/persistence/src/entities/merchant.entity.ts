import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

export type AddressMode = 'FIXED' | 'DERIVED' | 'EXCHANGE';
/** STATIC: rates and addresses from this database; HTTP: the merchant's exchange over its REST API. */
export type IntegrationKind = 'STATIC' | 'HTTP';

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
  /** FIXED: one payout address; DERIVED: a fresh address per payment from the merchant's xpub (BIP-32); EXCHANGE: asked from the exchange per payment. */
  @Column({ name: 'address_mode', type: 'varchar', length: 16 }) addressMode!: AddressMode;
  @Column({ name: 'payout_address', type: 'varchar', length: 42, nullable: true }) payoutAddress!: string | null;
  /** Extended public key at the BIP-44 change level (m/44'/60'/account'/0): children are payment addresses. */
  @Column({ type: 'varchar', length: 200, nullable: true }) xpub!: string | null;
  @Column({ type: 'varchar', length: 16, default: 'STATIC' }) integration!: IntegrationKind;
  @Column({ name: 'next_derivation_index', type: 'integer', default: 0 }) nextDerivationIndex!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
