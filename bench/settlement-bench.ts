import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@bridge/persistence';
import { EnvReader, ensureLocalSecrets, KeyStore, PanTokenizer, startAnvil, startEmbeddedPostgres } from '@bridge/runtime';
import { loadAuthorizerConfig } from '../apps/authorizer/src/config/authorizer-config';
import { ChainFundsCache } from '../apps/authorizer/src/settlement/chain-funds-cache';
import { ChainGateway } from '../apps/authorizer/src/settlement/chain-gateway';
import { OrderedBroadcaster } from '../apps/authorizer/src/settlement/ordered-broadcaster';
import { PaymentBatcher } from '../apps/authorizer/src/settlement/payment-batcher';
import { PaymentBatchWriter } from '../apps/authorizer/src/settlement/payment-batch-writer';
import { SettlementService } from '../apps/authorizer/src/settlement/settlement.service';
import { SubmittedMarker } from '../apps/authorizer/src/settlement/submitted-marker';
import { Metrics } from '../apps/authorizer/src/ops/metrics';
import { WalletDirectory } from '../apps/authorizer/src/settlement/wallet-directory';
import { runMigrations } from '../tools/dev/run-migrations';
import { seedDemoData } from '../tools/dev/seed-demo-data';
import { bareFloor, closedLoop } from './bare-floor';
import { benchBlockTimeSeconds, miningLabel } from './bench-mining';

/**
 * Settlement engine throughput (persist intent + nonce under the wallet lock, sign, broadcast;
 * embedded PostgreSQL + anvil automine) beside the bare floor on the same node in the same run:
 * sign + eth_sendRawTransaction of the same token transfer, 50 in flight.
 *   npm run bench:settlement   (BENCH_PAYMENTS=2000 by default)
 */
const N = Number(process.env.BENCH_PAYMENTS ?? 2000);
const IN_FLIGHT = 50;
const AMOUNT = 10_000n; // 0.01 USDC, as in the floor

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: 54400 + Math.floor(Math.random() * 500), database: 'bridge' });
  const anvil = await startAnvil({ dataDir: dir, port: 9545 + Math.floor(Math.random() * 400), persist: false, blockTimeSeconds: benchBlockTimeSeconds() });
  console.log(`chain: ${miningLabel()}`);
  try {
    const secrets = ensureLocalSecrets(dir);
    const migrated = await runMigrations(pg.url);
    const keys = KeyStore.fromMnemonicFile(secrets.mnemonicFile);
    const seed = await seedDemoData({ db: migrated, rpcUrl: anvil.url, keys, tokenizer: PanTokenizer.fromFile(secrets.panHmacKeyFile) });
    await migrated.destroy();
    // Floor before and after the engine, averaged: the node slows as its chain grows, so one floor
    // measured first would flatter it.
    const floorBefore = await bareFloor(anvil.url, seed.tokenAddress, seed.merchantAddress, N, IN_FLIGHT);
    const engine = await settlementEngine(pg.url, anvil.url, keys, seed);
    const floorAfter = await bareFloor(anvil.url, seed.tokenAddress, seed.merchantAddress, N, IN_FLIGHT);
    const floor = (floorBefore + floorAfter) / 2;
    console.log(`bare floor before / after the engine: ${floorBefore.toFixed(0)} / ${floorAfter.toFixed(0)} tx/s`);
    const result = {
      bench: 'settlement',
      payments: N,
      inFlight: IN_FLIGHT,
      enginePerSec: engine,
      floorPerSec: floor,
      ratio: Number((engine / floor).toFixed(2)),
      chain: miningLabel(),
      cores: cpus().length,
      node: process.version,
    };
    console.log(`settlement engine (persist + sign + broadcast)  ${engine.toFixed(0).padStart(6)} payments/s`);
    console.log(`bare floor (sign + raw send, ${IN_FLIGHT} in flight)      ${floor.toFixed(0).padStart(6)} tx/s`);
    console.log(JSON.stringify(result));
  } finally {
    await anvil.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function settlementEngine(
  databaseUrl: string,
  rpcUrl: string,
  keys: KeyStore,
  seed: { cardWallet: string; tokenAddress: string; merchantAddress: string },
): Promise<number> {
  const config = loadAuthorizerConfig(new EnvReader({ DATABASE_URL: databaseUrl, RPC_URL: rpcUrl }));
  const db = new DataSource(dataSourceOptions(databaseUrl, config.dbPoolSize));
  await db.initialize();
  const chain = new ChainGateway(config);
  await chain.onModuleInit();
  const [wallet] = (await db.query(`SELECT id FROM wallets WHERE address = $1`, [seed.cardWallet])) as { id: string }[];
  const ids = Array.from({ length: N }, () => randomUUID());
  // Payments reference their authorization: create the rows up front, outside the timing.
  await db.query(
    `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4, merchant_id, amount_minor, currency_numeric, status, received_at)
     SELECT id, '123456', lpad((ord % 1000000)::text, 6, '0'), '1128120000', 'BENCH' || (ord / 1000000)::text, '0100', repeat('0', 64), repeat('0', 64), '0000', 'CRYPTOMERCH0001', 1, '840', 'RECEIVED', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
    [ids],
  );
  const submitted = new SubmittedMarker(db);
  const wallets = new WalletDirectory(db);

  const settlement = new SettlementService(
    wallets,
    new PaymentBatcher(new PaymentBatchWriter(db, chain, new ChainFundsCache(chain, config), wallets, submitted, keys), config),
    new OrderedBroadcaster(chain),
    submitted,
    new Metrics(db),
    config,
  );
  let next = 0;
  let paid = 0;
  const started = process.hrtime.bigint();
  await closedLoop(N, IN_FLIGHT, async () => {
    const outcome = await settlement.pay({
      authorizationId: ids[next++],
      walletId: wallet.id,
      assetSymbol: 'USDC',
      token: seed.tokenAddress,
      destination: seed.merchantAddress,
      amount: AMOUNT,
      stillInTime: () => true,
    });
    if (outcome.kind === 'PAID' && outcome.broadcast) paid++;
  });
  const perSec = N / (Number(process.hrtime.bigint() - started) / 1e9);
  if (paid !== N) throw new Error(`only ${paid} of ${N} payments went out`);
  await submitted.flush();
  chain.onModuleDestroy();
  await db.destroy();
  return perSec;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
