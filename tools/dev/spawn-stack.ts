import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portIsFree, repoRoot } from '@bridge/runtime';
import type { StackPorts } from './bridge-stack';
import type { SeedResult } from './seed-demo-data';
import type { AppName } from './spawn-app';

export interface ReadyStack {
  ports: StackPorts;
  dataDir: string;
  databaseUrl: string;
  rpcUrl: string;
  seed: SeedResult;
  appEnv: Record<string, string>;
  pids: Record<AppName, number>;
}

export interface SpawnedStack {
  readonly ready: ReadyStack;
  /** The runner (dist/tools/dev/start.js): PostgreSQL, anvil and the apps are its descendants. */
  readonly pid: number;
  readonly logs: string[];
  /** The runner's exit code once it has exited (null if a signal ended it). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Node flags of the runner (dist/tools/dev/start.js), here and in `npm start` (package.json; a unit test
 * holds the two alike). Without `--no-memory-reducer`, V8's memory reducer found the runner's start-up
 * garbage (migrations, seeding, the token's deployment) once traffic began and ran three full
 * collections back to back, their concurrent marking on up to four threads: +0.6–1.5 cores for 100–200 ms,
 * a stall of the whole 2-core stack ~20 s into each of 5 `npm run bench:spells` runs; in none of 3 with
 * the flag (docs/performance.md, session 33). The runner supervises and forwards logs; its heap stays ~26 MB.
 */
export const RUNNER_NODE_ARGS = ['--no-memory-reducer'];

/** Ports this process has handed out: a stack's seven are checked before any is bound. */
const handedOut = new Set<number>();

/**
 * A free port on 127.0.0.1 below Linux's ephemeral range (32768–60999): a port from listen(0) is
 * closed again before the app binds it, and in that gap an outgoing connection of a parallel test
 * could take it as its local port (seen in CI as EADDRINUSE). Random, then checked by binding, and
 * never the same twice in one process: two of a stack's ports drawn alike both passed the check, and
 * the second server to bind found the first there (a fresh clone's e2e run: "anvil exited with code 1").
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port) || !(await portIsFree(port))) continue;
    handedOut.add(port);
    return port;
  }
}

/** How Node (EADDRINUSE), anvil and PostgreSQL say that a port is already taken. */
export const PORT_TAKEN = /EADDRINUSE|Address already in use|could not bind/i;

/**
 * The whole bridge exactly as `npm start` runs it (dist/tools/dev/start.js), in a fresh temp folder
 * on free ports, as a child process: for the e2e tests and the end-to-end benchmark. The runner keeps
 * going when an app exits (STOP_ON_APP_EXIT=0): the tests kill apps and start them again themselves.
 * Anvil automines unless `env` says otherwise: the tests switch automine off and on to hold payments
 * unmined (`evm_setAutomine`), which a miner of the runner's would undo.
 */
export async function spawnStack(env: Record<string, string> = {}): Promise<SpawnedStack> {
  // A port taken between our check and the app's bind is the one failure worth a second try.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnStackOnce(env);
    } catch (e) {
      if (attempt >= 3 || !PORT_TAKEN.test((e as Error).message)) throw e;
    }
  }
}

async function spawnStackOnce(env: Record<string, string>): Promise<SpawnedStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-stack-'));
  const names = ['PG_PORT', 'ANVIL_PORT', 'ISO_PORT', 'HTTP_PORT', 'EXCHANGE_ADAPTER_PORT', 'EXCHANGE_ADAPTER_HTTP_PORT', 'REFERENCE_EXCHANGE_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  const logs: string[] = [];
  const runner = spawn(process.execPath, [...RUNNER_NODE_ARGS, join(repoRoot(), 'dist', 'tools', 'dev', 'start.js')], {
    env: {
      ...process.env,
      ...ports,
      DATA_DIR: dataDir,
      PERSIST_CHAIN: '0',
      BRIDGE_READY_JSON: '1',
      STOP_ON_APP_EXIT: '0',
      ANVIL_MINING: 'auto',
      DATABASE_URL: '',
      RPC_URL: '',
      ...env,
    },
    // The IPC channel is only the runner's tie to this process: when this one dies, the bridge stops (start.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  runner.channel?.unref(); // it must not keep this process alive by itself
  const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)));
  const ready = await waitForReady(runner, logs).catch((e: Error) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    ready,
    pid: runner.pid!,
    logs,
    exited,
    stop: async () => {
      if (runner.exitCode === null && runner.signalCode === null) runner.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForReady(runner: ChildProcess, logs: string[], timeoutMs = 90_000): Promise<ReadyStack> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge not ready in ${timeoutMs} ms:\n${logs.slice(-30).join('\n')}`)), timeoutMs);
    let rest = '';
    const onData = (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        if (line.startsWith('BRIDGE_READY ')) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice('BRIDGE_READY '.length)) as ReadyStack);
        }
      }
    };
    runner.stdout!.on('data', onData);
    runner.stderr!.on('data', onData);
    runner.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bridge runner exited with ${code}:\n${logs.slice(-30).join('\n')}`));
    });
  });
}
