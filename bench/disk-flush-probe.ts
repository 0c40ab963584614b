import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startForkedProbe } from './forked-probe';

/** What the disk made a small flush wait: the wait a PostgreSQL commit has for its WAL, without PostgreSQL. */
export interface DiskFlushReport {
  readonly flushes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** One flush: when it started (ms since the epoch, comparable across processes) and how long it waited. */
export interface Flush {
  readonly atMs: number;
  readonly waitMs: number;
}

export interface DiskFlushProbe {
  stop(): Promise<{ readonly report: DiskFlushReport; readonly flushes: readonly Flush[] }>;
}

const PAGE = Buffer.alloc(8_192, 1);

/**
 * Writes 8 kB and `fdatasync`s it every `periodMs` to a file in `dir` (put it on the database's disk),
 * from a child process: a flush blocks its thread, and the bench's own thread is the load generator.
 * A commit waits for such a flush; where the disk holds every flush for a second (docs/performance.md,
 * sessions 23 and 25), this names it beside the latency it made. At 20 flushes/s it adds a tenth of the
 * flushes PostgreSQL makes at 200 authorizations/s.
 */
export async function startDiskFlushProbe(dir: string, periodMs = 50): Promise<DiskFlushProbe> {
  const probe = await startForkedProbe<Flush[]>('disk flush probe', __filename, ['probe', dir, String(periodMs)]);
  return {
    stop: async () => {
      const flushes = await probe.stop();
      return { report: flushReport(flushes.map((f) => f.waitMs)), flushes };
    },
  };
}

function probe(dir: string, periodMs: number): void {
  const file = join(dir, `disk-flush-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const flushes: Flush[] = [];
  const flush = () => {
    const started = performance.now();
    writeSync(fd, PAGE, 0, PAGE.length, 0);
    fdatasyncSync(fd);
    flushes.push({ atMs: performance.timeOrigin + started, waitMs: performance.now() - started });
  };
  const timer = setInterval(flush, periodMs);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    closeSync(fd);
    rmSync(file, { force: true });
  };
  process.on('message', () => {
    end();
    process.send!(flushes, () => process.exit(0));
  });
  // A bench that dies without stopping the probe must not leave it flushing: its channel closes with it.
  process.once('disconnect', () => {
    end();
    process.exit(0);
  });
  process.send!('started');
}

/** Nearest-rank quantiles of the waits, in ms to 0.1. */
export function flushReport(waits: number[]): DiskFlushReport {
  const sorted = [...waits].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0).toFixed(1));
  return { flushes: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

if (require.main === module && process.argv[2] === 'probe') probe(process.argv[3], Number(process.argv[4]));
