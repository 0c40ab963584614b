import { Controller, Get, Header } from '@nestjs/common';
import { Metrics } from './metrics';

/** Prometheus scrape endpoint (unauthenticated, like /health: bind HTTP_HOST to an internal interface). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
