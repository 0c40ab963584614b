import 'reflect-metadata';
import { cpus } from 'node:os';
import { runLoad } from '../tools/harness/load-generator';
import { spawnStack } from '../tools/dev/spawn-stack';
import { startApprovingPeer } from './approving-peer';
import { AuthorizerTimings } from './authorizer-timings';
import { BENCH_LOAD, benchCards } from './bench-cards';
import { benchMiningEnv, miningLabel } from './bench-mining';
import { stackCpuSeconds } from './process-cpu';

const CARDS = Number(process.env.COLD_CARDS ?? 400);
const RATE = 200;
/** The windows after the start, in ms: the first seconds, then two that show how it settles. */
const WINDOWS_MS = [3_000, 10_000, 10_000];

/**
 * What a restart costs the network: a fresh stack (the bench's, 100 ms blocks) offered 200
 * authorizations/s at once over COLD_CARDS cards (default 400), so nearly every authorization of the
 * first seconds is its card's first since the start, and each card pays about every 2 s — as most
 * cards of a real network do, unlike bench:e2e's 8 cards at 25/s each. Per window: p50 / p99 / max,
 * the authorizer's phases (GET /metrics) and each process's CPU per authorization. The load generator
 * is warmed against a loopback peer first, so its own JIT is not counted as the bridge's.
 *   npm run bench:cold
 */
async function main(): Promise<void> {
  const stack = await spawnStack(benchMiningEnv());
  try {
    const { ready } = stack;
    const cards = await benchCards(ready, CARDS);
    const load = { ...BENCH_LOAD, cards, connections: 8 };
    const peer = await startApprovingPeer();
    const atPeer = { host: '127.0.0.1', port: peer.port, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    await runLoad(atPeer, { ...load, concurrency: 32, count: 20_000 });
    await runLoad(atPeer, { ...load, rate: RATE, durationMs: 3_000 });
    peer.close();

    const c = { host: '127.0.0.1', port: ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    const cpu = stackCpuSeconds(stack);
    const windows = [];
    let fromMs = 0;
    for (const ms of WINDOWS_MS) {
      const [cpuBefore, before] = [cpu(), await AuthorizerTimings.scrape(ready.ports.http)];
      const r = await runLoad(c, { ...load, rate: RATE, durationMs: ms });
      const [cpuAfter, after] = [cpu(), await AuthorizerTimings.scrape(ready.ports.http)];
      const cpuUs = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, Math.round(((cpuAfter[k] - (cpuBefore[k] ?? 0)) * 1e6) / r.completed)]));
      const phases = after.meanMsSince(before);
      const label = `${fromMs / 1000}–${(fromMs += ms) / 1000} s`;
      console.log(
        `${label}: p50 ${r.latencyMs.p50} / p99 ${r.latencyMs.p99} / max ${r.latencyMs.max} ms, ${JSON.stringify(r.byDe39)}; ` +
          `CPU µs per authorization ${JSON.stringify(cpuUs)}; event loop's longest delay ${after.loopLagMaxMs.toFixed(1)} ms`,
      );
      console.log(`  ${AuthorizerTimings.describe(phases)}`);
      windows.push({
        window: label,
        p50Ms: r.latencyMs.p50,
        p99Ms: r.latencyMs.p99,
        maxMs: r.latencyMs.max,
        byDe39: r.byDe39,
        paymentBatchMs: phases.payment_batch,
        cpuUsPerAuthorization: cpuUs,
      });
    }
    console.log(
      JSON.stringify({ bench: 'cold-start', cards: CARDS, ratePerSec: RATE, chain: miningLabel(), windows, cores: cpus().length, node: process.version }),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
