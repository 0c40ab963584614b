import { syncProbe } from './sync-probe';

/** Synchronously: does something accept TCP connections there? (decides describe vs describe.skip) */
export function reachable(host: string, port: number, timeoutMs = 1_000): boolean {
  return syncProbe(
    `const s=require('net').connect(${port},'${host}');s.setTimeout(${timeoutMs},()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`,
    timeoutMs,
  );
}
