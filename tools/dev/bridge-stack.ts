import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { join, resolve } from 'node:path';
import {
  type AnvilHandle,
  type AnvilMining,
  type EmbeddedPostgresHandle,
  ensureLocalSecrets,
  hashApiKey,
  type LocalSecrets,
  KeyStore,
  killStaleProcess,
  PanTokenizer,
  startAnvil,
  startEmbeddedPostgres,
} from '@bridge/runtime';
import { assertAppPortsFree } from './assert-app-ports-free';
import { runMigrations } from './run-migrations';
import { seedDemoData, type SeedResult } from './seed-demo-data';
import { APP_NAMES, appEntry, spawnApp, type AppName, type AppProcess } from './spawn-app';

export interface StackPorts {
  postgres: number;
  anvil: number;
  iso: number;
  http: number;
  adapter: number;
  adapterHttp: number;
  referenceExchange: number;
}

export interface StackOptions {
  dataDir: string;
  ports: StackPorts;
  /** Real servers instead of the embedded ones (README "Configuration"). */
  databaseUrl?: string;
  rpcUrl?: string;
  tokenAddress?: string;
  persistChain: boolean;
  /** How the embedded anvil mines (`npm start`: on demand). */
  mining: AnvilMining;
  extraEnv?: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface BridgeStack {
  readonly databaseUrl: string;
  readonly rpcUrl: string;
  readonly seed: SeedResult;
  readonly apps: Map<AppName, AppProcess>;
  /** What the apps get on top of the runner's environment (URLs, ports, secret file paths). */
  readonly appEnv: Record<string, string>;
  /** (Re)starts one app with the stack's environment. */
  startApp(name: AppName): Promise<AppProcess>;
  stop(): Promise<void>;
}

/**
 * The whole bridge on one machine: PostgreSQL (embedded unless DATABASE_URL), anvil (unless
 * RPC_URL), migrations, demo seed, then the exchange adapter and the authorizer as processes.
 * Used by `npm start` and by the e2e tests, so both run the same thing.
 */
export async function startBridgeStack(o: StackOptions): Promise<BridgeStack> {
  const dataDir = resolve(o.dataDir);
  const runDir = join(dataDir, 'run');
  // Apps orphaned by a kill -9 of an earlier runner still hold their ports: stopped before the check.
  for (const name of APP_NAMES) await killStaleProcess(join(runDir, `${name}.pid`), appEntry(name));
  await assertAppPortsFree(o.ports, { ...process.env, ...o.extraEnv });
  const secrets = ensureLocalSecrets(dataDir);
  const stoppers: (() => Promise<void>)[] = [];
  const apps = new Map<AppName, AppProcess>();
  try {
    let pg: EmbeddedPostgresHandle | undefined;
    if (!o.databaseUrl) pg = await startEmbeddedPostgres({ dataDir, port: o.ports.postgres, database: 'bridge' });
    if (pg) stoppers.push(() => pg.stop());
    const databaseUrl = o.databaseUrl ?? pg!.url;
    let anvil: AnvilHandle | undefined;
    if (!o.rpcUrl) anvil = await startAnvil({ dataDir, port: o.ports.anvil, persist: o.persistChain, mining: o.mining });
    if (anvil) stoppers.push(() => anvil.stop());
    const rpcUrl = o.rpcUrl ?? anvil!.url;
    const db = await runMigrations(databaseUrl);
    const seed = await seedDemoData({
      db,
      rpcUrl,
      keys: KeyStore.fromMnemonicFile(secrets.mnemonicFile),
      tokenizer: PanTokenizer.fromFile(secrets.panHmacKeyFile),
      tokenAddress: o.tokenAddress,
    });
    await seedOpsKeys(db, secrets);
    await db.destroy();
    const appEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      RPC_URL: rpcUrl,
      PAN_HMAC_KEY_FILE: secrets.panHmacKeyFile,
      WALLET_MNEMONIC_FILE: secrets.mnemonicFile,
      ISO_PORT: String(o.ports.iso),
      HTTP_PORT: String(o.ports.http),
      EXCHANGE_ADAPTER_PORT: String(o.ports.adapter),
      EXCHANGE_ADAPTER_HTTP_PORT: String(o.ports.adapterHttp),
      REFERENCE_EXCHANGE_PORT: String(o.ports.referenceExchange),
      EXCHANGE_HTTP_URL: `http://127.0.0.1:${o.ports.referenceExchange}`,
      EXCHANGE_HMAC_SECRET_FILE: secrets.exchangeHmacSecretFile,
      ...(o.extraEnv as Record<string, string>),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, ...appEnv };
    mkdirSync(runDir, { recursive: true });
    const startApp = async (name: AppName) => {
      // One process per pid file: one of the same name still running is stopped first.
      const pidFile = join(runDir, `${name}.pid`);
      await killStaleProcess(pidFile, appEntry(name));
      const app = await spawnApp(name, env, o.log);
      writeFileSync(pidFile, String(app.child.pid));
      app.child.once('exit', () => rmSync(pidFile, { force: true }));
      apps.set(name, app);
      return app;
    };
    await startApp('reference-exchange');
    await startApp('exchange-adapter');
    await startApp('authorizer');
    const stop = async () => {
      await apps.get('authorizer')?.stop();
      await apps.get('exchange-adapter')?.stop();
      await apps.get('reference-exchange')?.stop();
      for (const s of stoppers.reverse()) await s().catch(() => undefined);
    };
    return { databaseUrl, rpcUrl, seed, apps, appEnv, startApp, stop };
  } catch (e) {
    for (const app of apps.values()) await app.stop('SIGKILL').catch(() => undefined);
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    throw e;
  }
}

/** The demo's two ops API keys (generated into the data folder), stored hashed. */
async function seedOpsKeys(db: DataSource, secrets: LocalSecrets): Promise<void> {
  const keys = [
    { name: 'demo operator', role: 'OPERATOR', file: secrets.opsOperatorKeyFile },
    { name: 'demo read-only', role: 'READ_ONLY', file: secrets.opsReadOnlyKeyFile },
  ];
  for (const k of keys) {
    await db.query(`INSERT INTO api_keys (id, name, key_hash, role) VALUES ($1,$2,$3,$4) ON CONFLICT (key_hash) DO NOTHING`, [
      randomUUID(),
      k.name,
      hashApiKey(readFileSync(k.file, 'utf8')),
      k.role,
    ]);
  }
}
