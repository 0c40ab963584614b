import 'reflect-metadata';
import { cpus } from 'node:os';
import { runLoad } from '../tools/harness/load-generator';
import { spawnStack } from '../tools/dev/spawn-stack';
import { BENCH_LOAD, DEMO_CARD } from './bench-cards';
import { stackCpuSeconds, stackSwitches, switchesBetween } from './process-cpu';
import { timerWakeupCpuUs } from './timer-wakeup-cpu';

/**
 * What the bridge costs the machine while no authorization arrives: each process's wake-ups (voluntary
 * context switches, all threads) and CPU per second, on a stack started as `npm start` starts it
 * (on-demand mining: no empty blocks) and warmed by a short load. Where a wake-up costs 100–250 µs of
 * CPU (`npm run bench:wakeup`), a timer that fires every 10 ms costs an idle process 1–2.5 % of a core;
 * session 34 found ~100 of the idle authorizer's ~130 wake-ups per second to be prom-client's event-loop
 * monitor (docs/performance.md).
 *   npm run bench:idle          (IDLE_SECONDS, default 20; IDLE_SETTLE_SECONDS, default 30)
 */
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 20);
/**
 * After the warm-up, before the count: the warm-up's own tail (submitted marks after 1 s, payment events,
 * the tracker's pass, V8's compilations and collections of the new code and garbage) must be over. 5 s
 * was not enough: the adapter read 14 ms of CPU per s and the reference exchange 6.5, against 3.5 and 0 after 30 s.
 */
const SETTLE_MS = Number(process.env.IDLE_SETTLE_SECONDS ?? 30) * 1_000;
/** Authorizations that warm the stack first (connections, pools, the JIT), as a first use of `npm start` would. */
const WARM_UP = 200;
/** This process, which only waits while it measures: not part of the bridge. */
const SELF = 'load generator';

async function main(): Promise<void> {
  const wakeupCpuUs = await timerWakeupCpuUs(2_000);
  const stack = await spawnStack({ ANVIL_MINING: 'on-demand' });
  try {
    const c = { host: '127.0.0.1', port: stack.ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    await runLoad(c, { ...BENCH_LOAD, cards: [DEMO_CARD], connections: 2, concurrency: 4, count: WARM_UP });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const cpu = stackCpuSeconds(stack);
    const switches = stackSwitches(stack);
    const [cpuBefore, switchesBefore, started] = [cpu(), switches(), performance.now()];
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1_000));
    const [cpuAfter, switchesAfter] = [cpu(), switches()];
    const seconds = (performance.now() - started) / 1_000;
    const { byName, exited } = switchesBetween(switchesBefore, switchesAfter);
    const names = Object.keys(byName).filter((n) => n !== SELF);
    const wakeupsPerSec = Object.fromEntries(names.map((n) => [n, Number((byName[n][0] / seconds).toFixed(2))]));
    const msPerSec = (n: string) => Number(((((cpuAfter[n] ?? 0) - (cpuBefore[n] ?? 0)) / seconds) * 1_000).toFixed(1));
    const cpuMsPerSec = Object.fromEntries(names.map((n) => [n, msPerSec(n)]));
    const total = (r: Record<string, number>) =>
      Number(
        Object.values(r)
          .reduce((a, b) => a + b, 0)
          .toFixed(1),
      );
    console.log(
      `idle stack (npm start's on-demand mining): ${seconds.toFixed(1)} s counted, from ${SETTLE_MS / 1_000} s after a warm-up of ${WARM_UP} authorizations; this machine's timer wake-up: ${wakeupCpuUs} µs of CPU`,
    );
    console.log(`${'process'.padEnd(20)}${'wake-ups/s'.padStart(12)}${'CPU ms/s'.padStart(12)}`);
    for (const n of names) console.log(`${n.padEnd(20)}${String(wakeupsPerSec[n]).padStart(12)}${String(cpuMsPerSec[n]).padStart(12)}`);
    console.log(`${'total'.padEnd(20)}${String(total(wakeupsPerSec)).padStart(12)}${String(total(cpuMsPerSec)).padStart(12)}`);
    if (Object.keys(exited).length) console.log(`not counted (exited meanwhile): ${JSON.stringify(exited)}`);
    const result = {
      bench: 'idle',
      seconds: Number(seconds.toFixed(1)),
      wakeupsPerSec: { ...wakeupsPerSec, total: total(wakeupsPerSec) },
      cpuMsPerSec: { ...cpuMsPerSec, total: total(cpuMsPerSec) },
      timerWakeupCpuUs: wakeupCpuUs,
      cores: cpus().length,
      node: process.version,
    };
    console.log(JSON.stringify(result));
  } finally {
    await stack.stop();
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
