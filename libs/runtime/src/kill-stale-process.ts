import { existsSync, readFileSync, rmSync } from 'node:fs';
import { processAlive as alive } from './process-alive';

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

/**
 * After a kill -9 of the runner its postgres/anvil child keeps running; the pid file left
 * behind names it. Stop it so the next start can bind its port again.
 */
export async function killStaleProcess(pidFile: string, timeoutMs = 10_000): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) {
    rmSync(pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGINT');
  if (!(await gone(pid, timeoutMs))) {
    process.kill(pid, 'SIGKILL');
    await gone(pid, 2_000); // its port is free only once it is gone: the caller checks it next
  }
  rmSync(pidFile, { force: true });
  return true;
}
