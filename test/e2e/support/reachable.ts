import { execFileSync } from 'node:child_process';

/** Synchronously: does something accept TCP connections there? (decides describe vs describe.skip) */
export function reachable(host: string, port: number, timeoutMs = 1_000): boolean {
  const probe = `const s=require('net').connect(${port},'${host}');s.setTimeout(${timeoutMs},()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: timeoutMs * 2 });
    return true;
  } catch {
    return false;
  }
}
