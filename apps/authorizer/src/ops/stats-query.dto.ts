import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The dashboard's window: the last `minutes` minutes, one point per minute. */
export class StatsQueryDto {
  @ApiPropertyOptional({ default: 60, minimum: 1, maximum: 1440 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1440) minutes?: number;
}

/** Whole UTC days, `from` to `to` inclusive (at most 92). */
export class DailyTotalsQueryDto {
  @ApiPropertyOptional({ example: '2026-11-28', description: 'first UTC day (default: today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;
  @ApiPropertyOptional({ example: '2026-11-28', description: 'last UTC day (default: from)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;
}
