import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

const FLUSH_MS = 20;
const MAX_PENDING = 200;

/**
 * Marks broadcast payments SUBMITTED off the response path, many per UPDATE. If a mark is lost
 * (crash), nothing is wrong: the tracker finds the SIGNED payment's transaction on the node.
 */
@Injectable()
export class SubmittedMarker implements OnModuleDestroy {
  private readonly logger = new Logger(SubmittedMarker.name);
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {}

  mark(hash: string): void {
    this.pending.push(hash);
    if (this.pending.length >= MAX_PENDING) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const hashes = this.pending;
    this.pending = [];
    if (!hashes.length) return;
    await this.db
      .query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = now(), last_broadcast_at = now() WHERE tx_hash = ANY($1) AND status = 'SIGNED'`, [
        hashes,
      ])
      .catch((e) => this.logger.warn(`could not mark ${hashes.length} payments submitted: ${(e as Error).message}`));
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }
}
