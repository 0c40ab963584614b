import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Static FX source: token units per major fiat unit, as an exact decimal (never a float). */
@Entity('fx_rates')
export class FxRateEntity {
  @PrimaryColumn({ name: 'currency_numeric', type: 'char', length: 3 }) currencyNumeric!: string;
  @PrimaryColumn({ name: 'asset_symbol', type: 'varchar', length: 16 }) assetSymbol!: string;
  @Column({ type: 'numeric', precision: 38, scale: 18 }) rate!: string;
  @Column({ name: 'spread_bps', type: 'integer', default: 0 }) spreadBps!: number;
}
