import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/** Filters of the authorization list and its CSV export. */
export class AuthorizationFilterDto {
  @ApiPropertyOptional({ description: 'received at or after (ISO 8601)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'received before (ISO 8601)' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ example: '00' }) @IsOptional() @Matches(/^[0-9A-Z]{2}$/) de39?: string;
  @ApiPropertyOptional({ example: 'CRYPTOMERCH0001' }) @IsOptional() @Matches(/^[\x20-\x7e]{1,15}$/) merchant?: string;
  @ApiPropertyOptional({ enum: ['RECEIVED', 'APPROVED', 'DECLINED', 'LATE_APPROVED', 'REVERSED', 'ADVICE_SETTLED', 'ADVICE_UNSETTLED'] })
  @IsOptional()
  @IsIn(['RECEIVED', 'APPROVED', 'DECLINED', 'LATE_APPROVED', 'REVERSED', 'ADVICE_SETTLED', 'ADVICE_UNSETTLED'])
  status?: string;
  @ApiPropertyOptional({ description: 'last four digits of the PAN' }) @IsOptional() @Matches(/^[0-9]{4}$/) last4?: string;
  @ApiPropertyOptional({ description: 'any attempt of the payment' }) @IsOptional() @Matches(/^0x[0-9a-fA-F]{64}$/) txHash?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' }) @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,200}$/) cursor?: string;
}
