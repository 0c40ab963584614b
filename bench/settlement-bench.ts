import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Interface, JsonRpcProvider, Transaction, Wallet } from 'ethers';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@bridge/persistence';
import { EnvReader, ensureLocalSecrets, KeyStore, PanTokenizer, startAnvil, startEmbeddedPostgres } from '@bridge/runtime';
import { loadAuthorizerConfig } from '../apps/authorizer/src/config/authorizer-config';
import { ChainGateway } from '../apps/authorizer/src/settlement/chain-gateway';
import { PaymentBatcher } from '../apps/authorizer/src/settlement/payment-batcher';
import { PaymentBatchWriter } from '../apps/authorizer/src/settlement/payment-batch-writer';
import { SettlementService } from '../apps/authorizer/src/settlement/settlement.service';
import { SubmittedMarker } from '../apps/authorizer/src/settlement/submitted-marker';
import { WalletDirectory } from '../apps/authorizer/src/settlement/wallet-directory';
import { ANVIL_DEV_KEY } from '../tools/dev/demo-data';
import { runMigrations } from '../tools/dev/run-migrations';
import { seedDemoData } from '../tools/dev/seed-demo-data';

/**
 * Settlement engine throughput (persist intent + nonce under the wallet lock, sign, broadcast;
 * embedded PostgreSQL + anvil automine) beside the bare floor on the same node in the same run:
 * sign + eth_sendRawTransaction of the same token transfer, 50 in flight.
 *   npm run bench:settlement   (BENCH_PAYMENTS=2000 by default)
 */
const N = Number(process.env.BENCH_PAYMENTS ?? 2000);
const IN_FLIGHT = 50;
const AMOUNT = 10_000n; // 0.01 USDC

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, port: 54400 + Math.floor(Math.random() * 500), database: 'bridge' });
  const anvil = await startAnvil({ dataDir: dir, port: 9545 + Math.floor(Math.random() * 400), persist: false });
  try {
    const secrets = ensureLocalSecrets(dir);
    const migrated = await runMigrations(pg.url);
    const keys = KeyStore.fromMnemonicFile(secrets.mnemonicFile);
    const seed = await seedDemoData({ db: migrated, rpcUrl: anvil.url, keys, tokenizer: PanTokenizer.fromFile(secrets.panHmacKeyFile) });
    await migrated.destroy();
    const floor = await bareFloor(anvil.url, seed.tokenAddress, seed.merchantAddress);
    const engine = await settlementEngine(pg.url, anvil.url, keys, seed);
    const result = {
      bench: 'settlement',
      payments: N,
      inFlight: IN_FLIGHT,
      enginePerSec: engine,
      floorPerSec: floor,
      ratio: Number((engine / floor).toFixed(2)),
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

/** Anvil's second dev account, given test USDC: signs transfers locally and sends them raw. */
async function bareFloor(rpcUrl: string, token: string, to: string): Promise<number> {
  const provider = new JsonRpcProvider(rpcUrl, 31337n, { staticNetwork: true, cacheTimeout: -1, batchMaxCount: 1 });
  const minter = new Wallet(ANVIL_DEV_KEY, provider);
  const sender = Wallet.createRandom().connect(provider);
  await (await minter.sendTransaction({ to: sender.address, value: 10n ** 18n })).wait();
  await (await new Contract(token, ['function mint(address,uint256)'], minter).getFunction('mint')(sender.address, AMOUNT * BigInt(N))).wait();
  const erc20 = new Interface(['function transfer(address,uint256)']);
  const block = await provider.getBlock('latest');
  const fees = { maxFeePerGas: block!.baseFeePerGas! * 2n + 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n };
  let nonce = 0;
  const started = process.hrtime.bigint();
  await closedLoop(N, IN_FLIGHT, async () => {
    const tx = Transaction.from({
      type: 2,
      chainId: 31337n,
      nonce: nonce++,
      to: token,
      data: erc20.encodeFunctionData('transfer', [to, AMOUNT]),
      gasLimit: 100_000n,
      ...fees,
    });
    tx.signature = sender.signingKey.sign(tx.unsignedHash);
    await provider.send('eth_sendRawTransaction', [tx.serialized]);
  });
  const perSec = N / (Number(process.hrtime.bigint() - started) / 1e9);
  provider.destroy();
  return perSec;
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
  const settlement = new SettlementService(chain, new WalletDirectory(db), new PaymentBatcher(new PaymentBatchWriter(db, chain, keys)), submitted, config);
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

async function closedLoop(count: number, concurrency: number, task: () => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
