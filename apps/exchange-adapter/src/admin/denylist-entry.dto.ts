import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class DenylistEntryDto {
  @ApiProperty({ example: '0x000000000000000000000000000000000000dEaD' })
  @IsString()
  address!: string;

  @ApiProperty({ example: 'sanctions list 2026-11' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
