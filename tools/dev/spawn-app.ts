import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@bridge/runtime';

export const APP_NAMES = ['authorizer', 'exchange-adapter', 'reference-exchange'] as const;
export type AppName = (typeof APP_NAMES)[number];

export interface AppProcess {
  readonly name: AppName;
  readonly child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const READY = 'ready:';

/**
 * The authorizer's live heap is ~50 MB at 256 authorizations in flight (heap snapshot), but with no
 * limit V8 sizes the heap from the machine's memory and lets garbage grow it: 330–395 MB resident
 * under load on a 24 GB machine. An explicit old-space limit, 10× the live heap, makes V8 collect
 * sooner: ~215 MB resident at the same throughput (docs/performance.md). A 32 MB young generation
 * semi-space (V8's default here: 16): an authorization's objects live ~150 ms under load and outlived
 * two scavenges of the smaller one, so they were promoted and left to the mark-compacts (garbage
 * collection threads took a quarter of the authorizer's CPU). Measured: 20 % less CPU per authorization,
 * peak RSS 180 → 210 MB (64 MB: 270 MB). One V8 worker thread (default 4): a major collection's
 * concurrent marking ran on all of them and took both cores for ~50 ms, stalling PostgreSQL, anvil and
 * the adapter at once (clusters of authorizations 40–250 ms late at 200/s); with one it takes at most
 * one core (p99 at 200/s 21–51 vs 29–253 ms, and ~3 % more approved/s at 512 in flight).
 * Same flags in its Dockerfile.
 */
const NODE_ARGS: Partial<Record<AppName, string[]>> = { authorizer: ['--max-old-space-size=512', '--max-semi-space-size=32', '--v8-pool-size=1'] };

/** Entry point of a built app (npm run build puts apps under dist/apps). */
export function appEntry(name: AppName): string {
  if (name === 'reference-exchange') return join(repoRoot(), 'dist', 'tools', 'reference-exchange', 'main.js');
  return join(repoRoot(), 'dist', 'apps', name, 'src', 'main.js');
}

/** Starts an app as its own process and resolves once it logs "ready:"; output is prefixed. */
export function spawnApp(name: AppName, env: NodeJS.ProcessEnv, log: (line: string) => void, timeoutMs = 30_000): Promise<AppProcess> {
  const child = spawn(process.execPath, [...(NODE_ARGS[name] ?? []), appEntry(name)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle: AppProcess = { name, child, stop: (signal = 'SIGTERM') => stopChild(child, signal) };
  const last: string[] = []; // the error says why the app did not start
  const tail = () => (last.length ? `:\n${last.join('\n')}` : '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms${tail()}`)), timeoutMs);
    const onLine = (line: string) => {
      log(`[${name}] ${line}`);
      if (last.push(line) > 20) last.shift();
      if (line.includes(READY)) {
        clearTimeout(timer);
        resolve(handle);
      }
    };
    lines(child.stdout!, onLine);
    lines(child.stderr!, onLine);
    // 'close', not 'exit': after the output's last lines, which say why.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready${tail()}`));
    });
  });
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) if (p.trim()) onLine(p);
  });
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
