import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { warmPool } from '@bridge/persistence';

/** Database connections opened before the transports listen, so the first quotes after a start are not slow. */
@Injectable()
export class StartupWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupWarmUp.name);

  constructor(private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await warmPool(this.db, 10);
    this.logger.log(`warmed up in ${Date.now() - started} ms`);
  }
}
