import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

/** A merchant as the admin API accepts it. Address formats are checked by the service (EIP-55, BIP-32). */
export class CreateMerchantDto {
  @ApiProperty({ example: '123456', description: 'Acquiring institution id (DE32), 1–11 digits' })
  @Matches(/^[0-9]{1,11}$/, { message: 'acquirerId must be 1 to 11 digits (DE32)' })
  acquirerId!: string;

  @ApiProperty({ example: 'CRYPTOMERCH0003', description: 'Card acceptor id (DE42), printable ASCII, up to 15' })
  @Matches(/^[\x21-\x7e][\x20-\x7e]{0,14}$/, { message: 'merchantId must be 1 to 15 printable characters (DE42)' })
  merchantId!: string;

  @ApiProperty({ example: 'Coffee Shop' })
  @IsString()
  @Length(1, 80)
  name!: string;

  @ApiProperty({ example: 'eip155:31337', description: 'CAIP-2 chain id of the payout' })
  @Matches(/^eip155:[0-9]{1,20}$/, { message: 'chain must be a CAIP-2 EVM chain id such as eip155:1' })
  chain!: string;

  @ApiProperty({ example: 'USDC', description: 'A payout asset configured on that chain' })
  @Matches(/^[A-Z0-9]{1,16}$/, { message: 'assetSymbol must be 1 to 16 upper-case letters or digits' })
  assetSymbol!: string;

  @ApiProperty({ enum: ['FIXED', 'DERIVED', 'EXCHANGE'], description: 'EXCHANGE: an address asked from the exchange per payment (HTTP integration only)' })
  @IsIn(['FIXED', 'DERIVED', 'EXCHANGE'])
  addressMode!: 'FIXED' | 'DERIVED' | 'EXCHANGE';

  @ApiPropertyOptional({ enum: ['STATIC', 'HTTP'], default: 'STATIC', description: 'Which exchange integration serves this merchant' })
  @IsOptional()
  @IsIn(['STATIC', 'HTTP'])
  integration?: 'STATIC' | 'HTTP';

  @ApiPropertyOptional({ description: 'FIXED: the payout address, EIP-55 checksummed' })
  @IsOptional()
  @IsString()
  payoutAddress?: string;

  @ApiPropertyOptional({ description: "DERIVED: extended PUBLIC key at m/44'/60'/account'/0; never a private key" })
  @IsOptional()
  @IsString()
  xpub?: string;
}

export class UpdateMerchantDto extends PartialType(CreateMerchantDto) {}
