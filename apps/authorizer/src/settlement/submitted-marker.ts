import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { markSubmittedSql } from './signer-lock';

/**
 * A mark waits this long after the broadcast. The tracker records a mined payment straight from SIGNED
 * (RECORD_MINED_SQL sets submitted_at too), so a payment mined before its mark is due needs none: on a
 * chain with blocks faster than this, most payments never get the extra UPDATE (5 WAL records each).
 */
export const MARK_AFTER_MS = 1_000;
/** Marks due at one time are written together; the timer waits at least this long for company. */
const FLUSH_MS = 20;

/**
 * Marks broadcast payments SUBMITTED off the response path, many per UPDATE, MARK_AFTER_MS after
 * their broadcast unless the tracker recorded them mined first (`forget`). If a mark is lost (crash),
 * nothing is wrong: the tracker finds the SIGNED payment's transaction on the node.
 */
@Injectable()
export class SubmittedMarker implements OnModuleDestroy {
  private readonly logger = new Logger(SubmittedMarker.name);
  /** Hash → broadcast time (ms), oldest first (a Map keeps insertion order). */
  private readonly pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly db: DataSource) {}

  mark(hash: string, now = Date.now()): void {
    this.pending.set(hash, now);
    this.schedule(now);
  }

  /** Recorded mined by the tracker: no mark needed. */
  forget(hashes: readonly string[]): void {
    for (const hash of hashes) this.pending.delete(hash);
  }

  /** Hands the due marks to a batch that writes them in its own round trip (see SignerLock). */
  take(now = Date.now()): string[] {
    const due: string[] = [];
    for (const [hash, at] of this.pending) {
      if (now - at < MARK_AFTER_MS) break;
      due.push(hash);
      this.pending.delete(hash);
    }
    return due;
  }

  /** Writes every pending mark, due or not; resolves once every earlier write has finished too (shutdown waits on it). */
  flush(): Promise<void> {
    return this.write([...this.pending.keys()].filter((h) => this.pending.delete(h)));
  }

  private schedule(now: number): void {
    if (this.timer || !this.pending.size) return;
    const [oldest] = this.pending.values();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.write(this.take());
        this.schedule(Date.now());
      },
      Math.max(FLUSH_MS, oldest + MARK_AFTER_MS - now),
    );
    this.timer.unref();
  }

  private write(hashes: string[]): Promise<void> {
    if (hashes.length) {
      this.writing = this.writing.then(() =>
        this.db.query(markSubmittedSql(hashes)).then(
          () => undefined,
          (e) =>
            this.logger.warn(`could not mark ${hashes.length} payments submitted (harmless: the tracker finds them on the chain): ${(e as Error).message}`),
        ),
      );
    }
    return this.writing;
  }

  onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.flush();
  }
}
