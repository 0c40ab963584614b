import { execFileSync } from 'node:child_process';

/**
 * Synchronously: does this script, run by Node.js in a process of its own, exit 0 within twice
 * `timeoutMs`? (describe vs describe.skip must be decided before any test runs, so not with await)
 */
export function syncProbe(script: string, timeoutMs: number): boolean {
  try {
    execFileSync(process.execPath, ['-e', script], { stdio: 'ignore', timeout: timeoutMs * 2 });
    return true;
  } catch {
    return false;
  }
}
