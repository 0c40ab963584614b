import { existsSync, readFileSync, rmSync } from 'node:fs';
import { processAlive as alive } from './process-alive';
import { processStartedWith } from './process-command-line';

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/**
 * After a kill -9 of the runner its postgres/anvil child keeps running; the pid file left
 * behind names it. Stop it so the next start can bind its port again. After a reboot the same pid
 * may belong to another program: only a process whose command line holds `ownedBy` (the binary or
 * data folder it was started with) is signalled; another one's pid file is stale and is removed.
 */
export async function killStaleProcess(pidFile: string, ownedBy: string, timeoutMs = 10_000): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !alive(pid) || !processStartedWith(pid, ownedBy)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  signal(pid, 'SIGINT');
  if (!(await gone(pid, timeoutMs))) {
    signal(pid, 'SIGKILL');
    await gone(pid, 2_000); // its port is free only once it is gone: the caller checks it next
  }
  rmSync(pidFile, { force: true });
  return true;
}

/** It may have exited since it was checked: ESRCH is what was wanted. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}
