import 'reflect-metadata';
import { fork } from 'node:child_process';
import { runLoad } from '../tools/harness/load-generator';
import { startApprovingPeer } from './approving-peer';
import { BENCH_LOAD, DEMO_CARD } from './bench-cards';

/**
 * The load generator's own cost: `harness load` against a minimal answerer in another process (each
 * request back as 0110 with DE39 00, nothing else), closed loop at 256 in flight and open loop at
 * 200/s. In bench:e2e the generator shares the machine with the bridge; this is what it takes from it.
 *   npm run bench:harness
 */
const CLOSED_COUNT = 100_000;
const OPEN_MS = 10_000;

/** The answerer runs in its own process, so its CPU is not the generator's. */
function answerer(): void {
  void startApprovingPeer().then(({ port }) => process.send!(port));
}

async function main(): Promise<void> {
  const child = fork(__filename, ['answerer']);
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
    const c = { host: '127.0.0.1', port, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    const load = { ...BENCH_LOAD, cards: [DEMO_CARD], connections: 8 };
    await runLoad(c, { ...load, concurrency: 256, count: 20_000 }); // warm-up
    const closed = await cpuPerRequest(() => runLoad(c, { ...load, concurrency: 256, count: CLOSED_COUNT }));
    const open = await cpuPerRequest(() => runLoad(c, { ...load, rate: 200, durationMs: OPEN_MS }));
    console.log(`closed loop, 256 in flight: ${closed.perSec}/s, ${closed.cpuUs} µs of the generator's CPU per request`);
    console.log(`open loop, 200/s: ${open.cpuUs} µs of the generator's CPU per request`);
    console.log(
      JSON.stringify({ bench: 'load-generator', closedPerSec: closed.perSec, closedCpuUsPerRequest: closed.cpuUs, openAt200CpuUsPerRequest: open.cpuUs }),
    );
  } finally {
    child.kill();
  }
}

async function cpuPerRequest(run: () => ReturnType<typeof runLoad>): Promise<{ perSec: number; cpuUs: number }> {
  const before = process.cpuUsage();
  const report = await run();
  const used = process.cpuUsage(before);
  if (report.byDe39['00'] !== report.sent) throw new Error(`not every request answered 00: ${JSON.stringify(report.byDe39)}`);
  return { perSec: report.throughputPerSec, cpuUs: Number(((used.user + used.system) / report.completed).toFixed(1)) };
}

if (process.argv[2] === 'answerer') answerer();
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
