import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processAlive, processStartedWith } from '@bridge/runtime';

export interface RunnerLock {
  release(): void;
}

/**
 * One runner per data folder. A second `npm start` on the same folder would take the first one's pid
 * files for a kill -9's leftovers and stop its PostgreSQL, anvil and apps under it; it refuses instead.
 * A pid file whose runner is gone (kill -9, a reboot) is stale: the start goes on and clears its orphans.
 */
export function takeRunnerLock(dataDir: string): RunnerLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'runner.pid');
  if (existsSync(file)) {
    const holder = Number(readFileSync(file, 'utf8'));
    if (isRunner(holder)) {
      throw new Error(
        `a bridge is already running on ${resolve(dataDir)} (runner pid ${holder}): stop it first (Ctrl-C in its terminal, or kill ${holder}), or give this one its own DATA_DIR and ports`,
      );
    }
    rmSync(file, { force: true });
  }
  writeFileSync(file, String(process.pid), { flag: 'wx' }); // wx: of two starts at once, one wins (EEXIST)
  return { release: () => releaseIfOurs(file) };
}

function releaseIfOurs(file: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === String(process.pid)) rmSync(file, { force: true });
}

/** Alive, and (where /proc says) a runner: a pid that a reboot gave to another program is not ours. */
function isRunner(pid: number): boolean {
  return Number.isInteger(pid) && pid > 1 && pid !== process.pid && processAlive(pid) && processStartedWith(pid, join('dev', 'start'));
}
