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
import { SpeculativeSigner } from '../apps/authorizer/src/settlement/speculative-signer';
import { BlockScanner } from '../apps/authorizer/src/settlement/block-scanner';
import { ParkedTransactionWatch } from '../apps/authorizer/src/settlement/parked-transaction-watch';
import { PaymentTracker } from '../apps/authorizer/src/settlement/payment-tracker';
import type { StaleAuthorizationSweeper } from '../apps/authorizer/src/settlement/stale-authorization-sweeper';
import type { ExchangeAdapterClient } from '../apps/authorizer/src/exchange/exchange-adapter.client';
import { SettlementService } from '../apps/authorizer/src/settlement/settlement.service';
import { SubmittedMarker } from '../apps/authorizer/src/settlement/submitted-marker';
import { Metrics } from '../apps/authorizer/src/ops/metrics';
import { WalletDirectory } from '../apps/authorizer/src/settlement/wallet-directory';
import { runMigrations } from '../tools/dev/run-migrations';
import { seedDemoData } from '../tools/dev/seed-demo-data';
import { bareFloor, closedLoop } from './bare-floor';
import { benchMining, miningLabel } from './bench-mining';

/**
 * Settlement engine throughput (persist intent + nonce under the wallet lock, sign, broadcast; the
 * tracker recording mining as in production; embedded PostgreSQL + anvil) beside the bare floor on the
 * same node in the same run: sign + eth_sendRawTransaction of the same token transfer, 50 in flight.
 * The engine is measured closed loop at 50, 100, 200 and 400 payments in flight (BENCH_PAYMENTS each):
 * its maximum sustained rate, as the end-to-end bench does; the floor at 50 in flight (the issue's
 * definition) and again at the engine's best concurrency, the higher of the two counting.
 *   npm run bench:settlement   (BENCH_PAYMENTS=3000 by default)
 */
const N = Number(process.env.BENCH_PAYMENTS ?? 3000);
const FLOOR_IN_FLIGHT = 50;
const IN_FLIGHT_STEPS = [50, 100, 200, 400];
const AMOUNT = 10_000n; // 0.01 USDC, as in the floor

interface Step {
  readonly inFlight: number;
  readonly perSec: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: 54400 + Math.floor(Math.random() * 500), database: 'bridge' });
  const anvil = await startAnvil({ dataDir: dir, port: 9545 + Math.floor(Math.random() * 400), persist: false, mining: benchMining() });
  console.log(`chain: ${miningLabel()}`);
  // Ctrl-C stops both servers (the embedded PostgreSQL no longer hooks the signal itself).
  process.once('SIGINT', () => void Promise.allSettled([anvil.stop(), pg.stop()]).then(() => process.exit(130)));
  try {
    const secrets = ensureLocalSecrets(dir);
    const migrated = await runMigrations(pg.url);
    const keys = KeyStore.fromMnemonicFile(secrets.mnemonicFile);
    const seed = await seedDemoData({ db: migrated, rpcUrl: anvil.url, keys, tokenizer: PanTokenizer.fromFile(secrets.panHmacKeyFile) });
    await migrated.destroy();
    const floor = (inFlight: number) => bareFloor(anvil.url, seed.tokenAddress, seed.merchantAddress, N, inFlight);
    // Floor before and after the engine, averaged: the node slows as its chain grows, so one floor
    // measured first would flatter it.
    const floorBefore = await floor(FLOOR_IN_FLIGHT);
    const steps = await settlementEngine(pg.url, anvil.url, keys, seed);
    const best = steps.reduce((a, b) => (b.perSec > a.perSec ? b : a));
    const floorAfter = await floor(FLOOR_IN_FLIGHT);
    const floorAt50 = (floorBefore + floorAfter) / 2;
    const floorAtBest = best.inFlight === FLOOR_IN_FLIGHT ? floorAt50 : await floor(best.inFlight);
    const floorPerSec = Math.max(floorAt50, floorAtBest);
    console.log(`bare floor, ${FLOOR_IN_FLIGHT} in flight, before / after the engine: ${floorBefore.toFixed(0)} / ${floorAfter.toFixed(0)} tx/s`);
    console.log(`bare floor, ${best.inFlight} in flight (the engine's best): ${floorAtBest.toFixed(0)} tx/s`);
    const result = {
      bench: 'settlement',
      paymentsPerStep: N,
      enginePerSec: Math.round(best.perSec),
      engineInFlight: best.inFlight,
      engineSteps: steps.map((s) => ({ inFlight: s.inFlight, perSec: Math.round(s.perSec) })),
      floorPerSec: Math.round(floorPerSec),
      floorAt50: Math.round(floorAt50),
      floorAtBest: Math.round(floorAtBest),
      ratio: Number((best.perSec / floorPerSec).toFixed(2)),
      ratioAt50: Number((steps[0].perSec / floorAt50).toFixed(2)),
      chain: miningLabel(),
      cores: cpus().length,
      node: process.version,
    };
    console.log(`settlement engine, best (persist + sign + broadcast)  ${best.perSec.toFixed(0).padStart(6)} payments/s at ${best.inFlight} in flight`);
    console.log(`bare floor (sign + raw send)                          ${floorPerSec.toFixed(0).padStart(6)} tx/s`);
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
): Promise<Step[]> {
  const config = loadAuthorizerConfig(new EnvReader({ DATABASE_URL: databaseUrl, RPC_URL: rpcUrl }));
  const db = new DataSource(dataSourceOptions(databaseUrl, { size: config.dbPoolSize, fixed: true }));
  await db.initialize();
  const chain = new ChainGateway(config);
  await chain.onModuleInit();
  const [wallet] = (await db.query(`SELECT id FROM wallets WHERE address = $1`, [seed.cardWallet])) as { id: string }[];
  const submitted = new SubmittedMarker(db);
  const wallets = new WalletDirectory(db);
  const ahead = new SpeculativeSigner(chain);
  const scanner = new BlockScanner(chain, config);
  const metrics = new Metrics(db, chain, scanner);
  const settlement = new SettlementService(
    wallets,
    new PaymentBatcher(new PaymentBatchWriter(db, chain, new ChainFundsCache(chain, config), wallets, submitted, ahead, keys, config, metrics), ahead),
    new OrderedBroadcaster(chain),
    submitted,
    metrics,
    config,
  );
  // The tracker runs as in production: it records mining, which keeps the open payments the funds
  // check reads under the lock to the unmined ones (without it they would grow with every payment).
  // Sweeping stale authorizations and notifying the exchange are the authorization side: not here.
  const tracker = new PaymentTracker(
    db,
    chain,
    scanner,
    { sweep: async () => 0 } as unknown as StaleAuthorizationSweeper,
    { emitPaymentEvent: () => undefined } as unknown as ExchangeAdapterClient,
    submitted,
    new ParkedTransactionWatch(chain),
    keys,
    config,
  );
  tracker.onApplicationBootstrap();
  const steps: Step[] = [];
  try {
    for (const inFlight of IN_FLIGHT_STEPS) {
      const ids = await authorizationRows(db, steps.length);
      let next = 0;
      let paid = 0;
      const started = process.hrtime.bigint();
      await closedLoop(N, inFlight, async () => {
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
      console.log(`settlement engine, ${String(inFlight).padStart(3)} in flight: ${perSec.toFixed(0).padStart(6)} payments/s`);
      steps.push({ inFlight, perSec });
    }
  } finally {
    await tracker.onModuleDestroy(); // waits for its pass under way: the chain provider is destroyed after it, not under it
    await submitted.flush();
    chain.onModuleDestroy();
    await db.destroy();
  }
  return steps;
}

/** Payments reference their authorization: the rows are created up front, outside the timing. */
async function authorizationRows(db: DataSource, step: number): Promise<string[]> {
  const ids = Array.from({ length: N }, () => randomUUID());
  await db.query(
    `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4, merchant_id, amount_minor, currency_numeric, status, received_at)
     SELECT id, '123456', lpad((ord % 1000000)::text, 6, '0'), '1128120000', 'BENCH' || $2::text || '-' || (ord / 1000000)::text, '0100', repeat('0', 64), repeat('0', 64), '0000', 'CRYPTOMERCH0001', 1, '840', 'RECEIVED', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord)`,
    [ids, step],
  );
  return ids;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
