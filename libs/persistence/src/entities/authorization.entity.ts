import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { bigintTransformer } from '../bigint-transformer';

/**
 * RECEIVED → APPROVED | DECLINED | LATE_APPROVED (paid, but the network got 91: refund requested);
 * APPROVED/LATE_APPROVED → REVERSED (0400/0420); stand-in advices (0120) end ADVICE_SETTLED or
 * ADVICE_UNSETTLED (flagged for reconciliation).
 */
export type AuthorizationStatus = 'RECEIVED' | 'APPROVED' | 'DECLINED' | 'LATE_APPROVED' | 'REVERSED' | 'ADVICE_SETTLED' | 'ADVICE_UNSETTLED';

/**
 * One row per network authorization, unique on its network identity
 * (DE32 acquirer + DE11 STAN + DE7 transmission time + DE41 terminal).
 */
@Entity('authorizations')
@Unique('uq_authorization_network_key', ['acquirerId', 'stan', 'transmissionDateTime', 'terminalId'])
export class AuthorizationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'acquirer_id', type: 'varchar', length: 11 }) acquirerId!: string;
  @Column({ type: 'char', length: 6 }) stan!: string;
  @Column({ name: 'transmission_date_time', type: 'char', length: 10 }) transmissionDateTime!: string;
  @Column({ name: 'terminal_id', type: 'varchar', length: 8 }) terminalId!: string;
  @Column({ type: 'char', length: 4 }) mti!: string;
  /** SHA-256 of the request's business fields: a repeat must match it, else DE39 94. */
  @Column({ name: 'request_hash', type: 'char', length: 64 }) requestHash!: string;
  @Column({ name: 'pan_token', type: 'char', length: 64 }) panToken!: string;
  @Column({ name: 'pan_last4', type: 'char', length: 4 }) panLast4!: string;
  @Column({ name: 'merchant_id', type: 'varchar', length: 15 }) merchantId!: string;
  @Column({ type: 'varchar', length: 12, nullable: true }) rrn!: string | null;
  @Column({ name: 'amount_minor', type: 'numeric', precision: 20, scale: 0, transformer: bigintTransformer }) amountMinor!: bigint;
  @Column({ name: 'currency_numeric', type: 'char', length: 3 }) currencyNumeric!: string;
  @Column({ type: 'varchar', length: 16 }) status!: AuthorizationStatus;
  @Column({ name: 'decline_reason', type: 'varchar', length: 32, nullable: true }) declineReason!: string | null;
  @Column({ name: 'response_code', type: 'char', length: 2, nullable: true }) responseCode!: string | null;
  @Column({ name: 'approval_code', type: 'char', length: 6, nullable: true }) approvalCode!: string | null;
  @Column({ name: 'quote_id', type: 'varchar', length: 64, nullable: true }) quoteId!: string | null;
  @Column({ type: 'numeric', precision: 38, scale: 18, nullable: true }) rate!: string | null;
  @Column({ name: 'crypto_amount', type: 'numeric', precision: 78, scale: 0, nullable: true, transformer: bigintTransformer }) cryptoAmount!: bigint | null;
  @Column({ name: 'asset_symbol', type: 'varchar', length: 16, nullable: true }) assetSymbol!: string | null;
  @Column({ type: 'varchar', length: 42, nullable: true }) destination!: string | null;
  /** The response fields minus DE2, replayed to a repeat (DE2 is re-echoed from the repeat). */
  @Column({ name: 'response_fields', type: 'jsonb', nullable: true }) responseFields!: Record<string, string> | null;
  /** Set when ops must look at it (late approval, unsettled advice, reverted payment). */
  @Column({ name: 'needs_review', type: 'boolean', default: false }) needsReview!: boolean;
  @Column({ name: 'review_reason', type: 'varchar', length: 64, nullable: true }) reviewReason!: string | null;
  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true }) reversedAt!: Date | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true }) respondedAt!: Date | null;
}
