import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type Funding = 'CRYPTO' | 'FIAT';

/** A card, found by the HMAC of its PAN: the PAN itself is never stored (PCI DSS 3.4). */
@Entity('card_accounts')
export class CardAccountEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'pan_token', type: 'char', length: 64, unique: true }) panToken!: string;
  @Column({ name: 'pan_last4', type: 'char', length: 4 }) panLast4!: string;
  /** YYMM as in DE14. */
  @Column({ type: 'char', length: 4 }) expiry!: string;
  @Column({ type: 'varchar', length: 8 }) funding!: Funding;
  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' }) status!: 'ACTIVE' | 'BLOCKED';
  @Column({ name: 'wallet_id', type: 'uuid', nullable: true }) walletId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
