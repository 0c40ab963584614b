import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runLoad, type LoadOptions, type LoadReport } from '../tools/harness/load-generator';
import { seedLoadCardsInto } from '../tools/dev/seed-load-cards';
import { spawnStack } from '../tools/dev/spawn-stack';
import { bareFloor } from './bare-floor';
import { benchBlockTimeSeconds, miningLabel } from './bench-mining';

/**
 * End to end on the embedded stack (embedded PostgreSQL, anvil, every app its own process):
 * (a) max sustained approved auths/s, closed loop, concurrency rising until throughput stops growing —
 * over BENCH_CARDS cards with a wallet each (a network's traffic comes from many cardholders; one
 * wallet's payments are nonce-ordered, one broadcast request at a time), and over the demo card alone;
 * (b) latency p50/p99 at 200 auths/s offered (the same cards); (c) the bare chain floor on the same node
 * in the same run (sign + raw send of the same transfer, one wallet, 50 in flight); (d) (a)/(c); and the
 * authorizer's peak RSS.
 *   npm run bench:e2e
 */
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 6_000);
const CARDS = Number(process.env.BENCH_CARDS ?? 8);
const CONCURRENCY = [8, 16, 32, 64, 128, 256];
const SETTLE_MS = 3_000;

async function main(): Promise<void> {
  const blockTime = benchBlockTimeSeconds();
  const stack = await spawnStack(blockTime === undefined ? {} : { ANVIL_BLOCK_TIME: String(blockTime) });
  console.log(`chain: ${miningLabel()}`);
  const c = { host: '127.0.0.1', port: stack.ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
  const demoCard = { pan: '4761739001010119', expiry: '3012' };
  const base = { merchants: ['CRYPTOMERCH0001'], amount: '0.01', acquirerId: '123456' };
  const oneCard = { ...base, cards: [demoCard] };
  const manyCards = {
    ...base,
    cards: [
      demoCard,
      ...(await seedLoadCardsInto(
        {
          databaseUrl: stack.ready.databaseUrl,
          rpcUrl: stack.ready.rpcUrl,
          mnemonicFile: stack.ready.appEnv.WALLET_MNEMONIC_FILE,
          panKeyFile: stack.ready.appEnv.PAN_HMAC_KEY_FILE,
          tokenAddress: stack.ready.seed.tokenAddress,
        },
        CARDS - 1,
      )),
    ],
  };
  let peakRssMb = 0;
  const rss = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(stack.ready.pids.authorizer))), 200);
  try {
    // The node slows as its chain grows: the floor is measured before and after the load and averaged.
    const floorBefore = await bareFloor(stack.ready.rpcUrl, stack.ready.seed.tokenAddress, stack.ready.seed.merchantAddress, 2_000, 50);
    await runLoad(c, { ...manyCards, connections: 4, concurrency: 8, count: 200 }); // warm-up
    const maxApproved = await risingConcurrency(c, manyCards, `${manyCards.cards.length} cards`);
    const maxOneCard = await risingConcurrency(c, oneCard, 'demo card');
    // Latency at 200/s, not the recovery from the overload just before: the first 2 s after a 256-in-flight
    // phase show p99 64–134 ms while the tracker and autovacuum catch up (docs/performance.md).
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const at200 = await runLoad(c, { ...manyCards, connections: 8, rate: 200, durationMs: STEP_MS * 2 });
    console.log(
      `offered 200/s: ${at200.throughputPerSec}/s, p50 ${at200.latencyMs.p50} ms, p99 ${at200.latencyMs.p99} ms, DE39 ${JSON.stringify(at200.byDe39)}`,
    );
    const floorAfter = await bareFloor(stack.ready.rpcUrl, stack.ready.seed.tokenAddress, stack.ready.seed.merchantAddress, 2_000, 50);
    const floor = (floorBefore + floorAfter) / 2;
    console.log(`bare chain floor (sign + raw send, 50 in flight), before / after the load: ${floorBefore.toFixed(0)} / ${floorAfter.toFixed(0)} tx/s`);
    const result = {
      bench: 'e2e',
      maxApprovedPerSec: Number(maxApproved.toFixed(1)),
      cards: manyCards.cards.length,
      maxApprovedPerSecOneCard: Number(maxOneCard.toFixed(1)),
      at200: {
        p50Ms: at200.latencyMs.p50,
        p99Ms: at200.latencyMs.p99,
        approved: at200.byDe39['00'] ?? 0,
        other: at200.completed - (at200.byDe39['00'] ?? 0) + at200.errors + at200.timeouts,
      },
      chainFloorPerSec: Number(floor.toFixed(1)),
      chainFloorBeforeAfter: [Math.round(floorBefore), Math.round(floorAfter)],
      ratio: Number((maxApproved / floor).toFixed(2)),
      ratioOneCard: Number((maxOneCard / floor).toFixed(2)),
      authorizerPeakRssMb: Number(peakRssMb.toFixed(0)),
      targets: { ratio: 0.7, p99MsAt200: 50, rssMb: 250 },
      chain: miningLabel(),
      cores: cpus().length,
      node: process.version,
    };
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(rss);
    await stack.stop();
  }
}

/**
 * Closed loop at rising concurrency until approved/s has grown by less than 5 % over the best so far
 * twice in a row (one noisy step at low concurrency used to end a series early); returns the best.
 */
async function risingConcurrency(c: Parameters<typeof runLoad>[0], load: Omit<LoadOptions, 'connections'>, label: string): Promise<number> {
  const steps: LoadReport[] = [];
  for (const concurrency of CONCURRENCY) {
    const r = await runLoad(c, { ...load, connections: 8, concurrency, durationMs: STEP_MS });
    steps.push(r);
    console.log(
      `${label}, closed loop ${String(concurrency).padStart(3)} in flight: ${r.throughputPerSec}/s approved ${r.byDe39['00'] ?? 0}, p99 ${r.latencyMs.p99} ms`,
    );
    const flat = (i: number) => i > 0 && approvedPerSec(steps[i]) < Math.max(...steps.slice(0, i).map(approvedPerSec)) * 1.05;
    if (flat(steps.length - 1) && flat(steps.length - 2)) break;
  }
  return Math.max(...steps.map(approvedPerSec));
}

function approvedPerSec(r: LoadReport): number {
  return ((r.byDe39['00'] ?? 0) / r.elapsedMs) * 1000;
}

/** Resident set size of a process, from /proc (Linux). */
function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+([0-9]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
