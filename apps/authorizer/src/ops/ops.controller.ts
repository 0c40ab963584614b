import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Writable } from 'node:stream';
import { ApiKeyGuard, RequiresOperator, type OpsCaller } from './api-key.guard';
import { AuthorizationFilterDto } from './authorization-filter.dto';
import { streamCsv } from './csv-export';
import { OpsQueryService } from './ops-query.service';
import { OpsStatsService } from './ops-stats.service';
import { DailyTotalsQueryDto, StatsQueryDto } from './stats-query.dto';

export class AcknowledgeDto {
  @IsString()
  @Length(1, 2000)
  comment!: string;
}

/** The ops API: every route needs an API key; acknowledging needs an operator key. */
@ApiTags('ops')
@ApiHeader({ name: 'x-api-key', required: true })
@UseGuards(ApiKeyGuard)
@UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
@Controller('ops')
export class OpsController {
  constructor(
    private readonly query: OpsQueryService,
    private readonly figures: OpsStatsService,
  ) {}

  @Get('authorizations')
  list(@Query() filter: AuthorizationFilterDto) {
    return this.query.list(filter);
  }

  @Get('authorizations.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="authorizations.csv"')
  async csv(@Query() filter: AuthorizationFilterDto, @Res() res: Writable): Promise<void> {
    await streamCsv(res, this.query, filter);
  }

  @Get('authorizations/:id')
  detail(@Param('id', ParseUUIDPipe) id: string) {
    return this.query.detail(id);
  }

  @Get('stats')
  stats(@Query() q: StatsQueryDto) {
    return this.figures.stats(q.minutes ?? 60);
  }

  @Get('daily-totals')
  dailyTotals(@Query() q: DailyTotalsQueryDto) {
    const from = q.from ?? new Date().toISOString().slice(0, 10);
    return this.figures.dailyTotals(from, q.to ?? from);
  }

  @Get('exceptions')
  exceptions() {
    return this.query.exceptions();
  }

  @Post('exceptions/:id/acknowledge')
  @RequiresOperator()
  acknowledge(@Param('id', ParseUUIDPipe) id: string, @Body() body: AcknowledgeDto, @Req() req: { opsCaller: OpsCaller }) {
    return this.query.acknowledge(id, req.opsCaller, body.comment);
  }
}
