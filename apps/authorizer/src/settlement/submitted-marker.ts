import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { markSubmittedSql } from './signer-lock';

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
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: DataSource) {}

  mark(hash: string): void {
    this.pending.push(hash);
    if (this.pending.length >= MAX_PENDING) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Hands the pending marks to a batch that writes them in its own round trip (see SignerLock). */
  take(): string[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const hashes = this.pending;
    this.pending = [];
    return hashes;
  }

  /** Writes what is pending; resolves once every earlier write has finished too (shutdown waits on it). */
  flush(): Promise<void> {
    const hashes = this.take();
    if (hashes.length) this.writing = this.writing.then(() => this.write(hashes));
    return this.writing;
  }

  private async write(hashes: string[]): Promise<void> {
    await this.db.query(markSubmittedSql(hashes)).catch((e) => this.logger.warn(`could not mark ${hashes.length} payments submitted: ${(e as Error).message}`));
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }
}
