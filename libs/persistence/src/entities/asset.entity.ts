import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A payable asset on a chain: an ERC-20 (token address) or the native coin (address null). */
@Entity('assets')
export class AssetEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) chain!: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) symbol!: string;
  @Column({ name: 'token_address', type: 'varchar', length: 42, nullable: true }) tokenAddress!: string | null;
  @Column({ type: 'smallint' }) decimals!: number;
}
