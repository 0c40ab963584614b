import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApiKeyGuard, RequiresOperator } from '../api-key.guard';
import { ReconciliationService, type RunSummary } from './reconciliation.service';

export class RunReconciliationDto {
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
}

/** Reconciliation on demand (it also runs every RECONCILIATION_INTERVAL_MS over the last 24 h). */
@ApiTags('ops')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('ops/reconciliation')
export class ReconciliationController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly db: DataSource,
  ) {}

  @Post('run')
  @RequiresOperator()
  run(@Body() body: RunReconciliationDto): Promise<RunSummary> {
    const to = body.to ? new Date(body.to) : new Date(Date.now() + 60_000);
    const from = body.from ? new Date(body.from) : new Date(to.getTime() - 24 * 3_600_000);
    return this.reconciliation.run(from, to);
  }

  /** The latest runs, with whether each could read the exchange side. */
  @Get('runs')
  runs(): Promise<unknown[]> {
    return this.db.query(
      `SELECT id, window_from, window_to, matched, exceptions, exchange_source, finished_at FROM reconciliation_runs ORDER BY finished_at DESC LIMIT 50`,
    );
  }

  @Get('runs/:id')
  items(@Param('id', ParseUUIDPipe) id: string): Promise<unknown[]> {
    return this.db.query(`SELECT authorization_id, tx_hash, classification, detail FROM reconciliation_items WHERE run_id = $1 ORDER BY classification`, [id]);
  }
}
