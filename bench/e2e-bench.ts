import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad, type LoadOptions, type LoadReport } from '../tools/harness/load-generator';
import { spawnStack } from '../tools/dev/spawn-stack';
import { AuthorizerTimings, latePhase } from './authorizer-timings';
import { bareFloor } from './bare-floor';
import { stackCpuSeconds, stackSwitches, switchesPerAuthorization } from './process-cpu';
import { BENCH_LOAD, benchCards, DEMO_CARD } from './bench-cards';
import { STALL_OPEN_PAYMENTS, stallProbe } from './stall-probe';
import { trackerBacklog, type TrackerBacklog } from './tracker-backlog';
import { benchMiningEnv, miningLabel } from './bench-mining';
import { timerWakeupCpuUs } from './timer-wakeup-cpu';
import { startDiskFlushProbe } from './disk-flush-probe';
import { walFlushes, walFlushesBetween } from './wal-flushes';

/**
 * End to end on the embedded stack (embedded PostgreSQL, anvil, every app its own process):
 * (a) max sustained approved auths/s, closed loop, concurrency rising until throughput stops growing —
 * over BENCH_CARDS cards with a wallet each (a network's traffic comes from many cardholders; one
 * wallet's payments are nonce-ordered, one broadcast request at a time), and over the demo card alone;
 * (b) latency p50/p99 at 200 auths/s offered (the same cards); (c) the bare chain floor on the same node
 * in the same run (sign + raw send of the same transfer, one wallet, 50 in flight; the median of three
 * runs before the load and of three after, averaged); (d) (a)/(c); the authorizer's peak RSS; and, at
 * (a)'s best step, the CPU each process spent per approved authorization and what its tracker had not
 * caught up with at the step's end — payments not recorded mined, blocks not scanned (work a short step
 * defers past itself), and how many cores the machine's processes kept busy (at the core count the
 * step was bound by CPU, not by a serial lane); beside the floor, anvil's CPU per floor transaction —
 * against anvil's share per approved authorization it shows what the bridge adds to the node's own
 * work. At 200/s also the context switches per authorization of each process (wake-ups and
 * preemptions), and before anything starts the machine's CPU per idle timer wake-up: where an event is
 * dear those two explain the 200/s figures (docs/performance.md, session 24); and beside the 200/s
 * phase, how long the database's disk made a small flush wait (a probe in its own process): where it
 * held a flush for a second, so did every commit (session 25) — PostgreSQL's own WAL flushes in
 * that phase, per authorization and their mean wait, and per phase of an authorization how many spent
 * over 50 ms in it (a p99 one server made names it: session 36, anvil holding broadcasts ~0.6 s). The
 * stack's whole log is kept in a temp file (`stackLog` in the JSON).
 *   npm run bench:e2e
 */
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 6_000);
const CARDS = Number(process.env.BENCH_CARDS ?? 8);
/**
 * Up to 512 in flight: throughput was still growing from 256 to 512 (+3–22 %: larger batches per
 * round trip); at 1,024 latency nears the 1.5 s response deadline and approvals fall (1,314/s after
 * 1,508/s at 512 in one run), with the authorizer's RSS at 241 MB. Session 36 tried 768 and 1,024 (3
 * runs, where 512 was the best step in 8 of 10): a deeper best step in one run of three, p99 0.7–1.05 s,
 * and the authorizer's peak RSS 238–247 MB.
 */
const CONCURRENCY = [8, 16, 32, 64, 128, 256, 512];
const SETTLE_MS = 8_000;
/** Issue 7's targets: (a)/(c) at least 0.7, p99 at 200/s offered within 50 ms, the authorizer within 250 MB. */
const TARGETS = { ratio: 0.7, p99MsAt200: 50, rssMb: 250 };

async function main(): Promise<void> {
  // The stack's whole log is kept: a run whose figures look wrong is explained by it, not by them.
  const logFile = join(tmpdir(), `bridge-e2e-bench-${Date.now()}.log`);
  // The machine's cost per event, before anything else runs: it predicts the 200/s figures better than core speed.
  const wakeupCpuUs = await timerWakeupCpuUs(2_000);
  console.log(`idle event loop: ${wakeupCpuUs} µs of CPU per timer wake-up`);
  const stack = await spawnStack(benchMiningEnv());
  console.log(`chain: ${miningLabel()}`);
  const c = { host: '127.0.0.1', port: stack.ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
  const oneCard = { ...BENCH_LOAD, cards: [DEMO_CARD] };
  const manyCards = { ...BENCH_LOAD, cards: await benchCards(stack.ready, CARDS) };
  const cpu = stackCpuSeconds(stack);
  let peakRssMb = 0;
  const rss = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(stack.ready.pids.authorizer))), 200);
  try {
    // The node slows as its chain grows: the floor is measured before and after the load and averaged.
    const floor3 = () => medianFloor(stack.ready.rpcUrl, stack.ready.seed.tokenAddress, stack.ready.seed.merchantAddress, cpu);
    const before = await floor3();
    const floorBefore = before.perSec;
    await runLoad(c, { ...manyCards, connections: 4, concurrency: 8, count: 200 }); // warm-up
    let probed = false;
    const backlog = async (): Promise<TrackerBacklog> => {
      const atEnd = await trackerBacklog(stack.ready.ports.http);
      if (atEnd.openPayments > STALL_OPEN_PAYMENTS && !probed) {
        probed = true; // once a run: the first look is the one that shows the cause
        console.log(await stallProbe(stack.ready.databaseUrl, stack.ready.rpcUrl).catch((e: Error) => `stall probe failed: ${e.message}`));
      }
      return atEnd;
    };
    const maxApproved = await risingConcurrency(c, manyCards, `${manyCards.cards.length} cards`, cpu, backlog);
    const maxOneCard = await risingConcurrency(c, oneCard, 'demo card', cpu, backlog);
    // Latency at 200/s, not the recovery from the overload just before: the first 2 s after a 256-in-flight
    // phase show p99 64–134 ms while the tracker and autovacuum catch up; after 512 in flight, 3 s later, one
    // run in three still stalled ~0.5 s in its first 2 s (none of three 8 s later; docs/performance.md).
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const timingsBefore = await AuthorizerTimings.scrape(stack.ready.ports.http);
    const switches = stackSwitches(stack);
    const switchesBefore = switches();
    const walBefore = await walFlushes(stack.ready.databaseUrl);
    const disk = await startDiskFlushProbe(stack.ready.dataDir);
    const at200 = await runLoad(c, { ...manyCards, connections: 8, rate: 200, durationMs: STEP_MS * 2 });
    const diskAt200 = (await disk.stop()).report;
    const walAfter = await walFlushes(stack.ready.databaseUrl);
    const walAt200 = walBefore && walAfter ? walFlushesBetween(walBefore, walAfter, at200.completed) : undefined;
    const switchesAt200 = switchesPerAuthorization(switchesBefore, switches(), at200.completed);
    const timingsAfter = await AuthorizerTimings.scrape(stack.ready.ports.http);
    const meanMsAt200 = timingsAfter.meanMsSince(timingsBefore);
    const over50MsAt200 = timingsAfter.over50MsSince(timingsBefore);
    console.log(
      `offered 200/s: ${at200.throughputPerSec}/s, p50 ${at200.latencyMs.p50} ms, p99 ${at200.latencyMs.p99} ms, DE39 ${JSON.stringify(at200.byDe39)}`,
    );
    console.log(`at 200/s, mean ms in the authorizer: ${AuthorizerTimings.describe(meanMsAt200)}`);
    console.log(`at 200/s, authorizations that spent over 50 ms in one phase: ${JSON.stringify(over50MsAt200)}`);
    const exited = Object.entries(switchesAt200.exited).map(([name, n]) => `${n} ${name}`);
    console.log(
      `at 200/s, context switches per authorization [voluntary, involuntary]: ${JSON.stringify(switchesAt200.perAuthorization)}` +
        (exited.length ? ` (not counted: processes that exited meanwhile, ${exited.join(', ')})` : ''),
    );
    console.log(
      `at 200/s, the disk: 8 kB write + fdatasync every 50 ms beside the load, p50 ${diskAt200.p50Ms} / p99 ${diskAt200.p99Ms} / max ${diskAt200.maxMs} ms (${diskAt200.flushes} flushes)`,
    );
    if (walAt200) {
      const mean = walAt200.meanMs === null ? 'not timed (track_wal_io_timing off)' : `${walAt200.meanMs} ms each on average`;
      console.log(`at 200/s, PostgreSQL's own WAL flushes: ${walAt200.perAuthorization} per authorization, ${mean}`);
    }
    const after = await floor3();
    const floorAfter = after.perSec;
    const floor = (floorBefore + floorAfter) / 2;
    console.log(
      `bare chain floor (sign + raw send, 50 in flight, median of 3), before / after the load: ${floorBefore.toFixed(0)} / ${floorAfter.toFixed(0)} tx/s`,
    );
    const result = {
      bench: 'e2e',
      maxApprovedPerSec: Number(maxApproved.perSec.toFixed(1)),
      cards: manyCards.cards.length,
      maxApprovedPerSecOneCard: Number(maxOneCard.perSec.toFixed(1)),
      cpuUsPerApproved: maxApproved.cpuUsPerApproved,
      coresBusyAtBestStep: Number(maxApproved.coresBusy.toFixed(2)),
      openPaymentsAtBestStepEnd: maxApproved.atEnd.openPayments,
      blocksNotScannedAtBestStepEnd: maxApproved.atEnd.blocksNotScanned,
      at200: {
        p50Ms: at200.latencyMs.p50,
        p99Ms: at200.latencyMs.p99,
        meanMsInAuthorizer: meanMsAt200,
        phasesOver50Ms: over50MsAt200,
        contextSwitchesPerAuthorization: switchesAt200.perAuthorization,
        processesExitedMeanwhile: switchesAt200.exited,
        diskFlushMs: { p50: diskAt200.p50Ms, p99: diskAt200.p99Ms, max: diskAt200.maxMs },
        walFlushes: walAt200 ?? null,
        approved: at200.byDe39['00'] ?? 0,
        other: at200.completed - (at200.byDe39['00'] ?? 0) + at200.errors + at200.timeouts,
      },
      chainFloorPerSec: Number(floor.toFixed(1)),
      chainFloorBeforeAfter: [Math.round(floorBefore), Math.round(floorAfter)],
      floorAnvilUsPerTx: Math.round((before.anvilUsPerTx + after.anvilUsPerTx) / 2),
      // Three decimals, judged unrounded: rounded to two, 0.695 passed as 0.70 (up to session 17).
      ratio: Number((maxApproved.perSec / floor).toFixed(3)),
      ratioOneCard: Number((maxOneCard.perSec / floor).toFixed(3)),
      authorizerPeakRssMb: Number(peakRssMb.toFixed(0)),
      targets: TARGETS,
      chain: miningLabel(),
      stackWarnings: warnings(stack.logs),
      stackLog: logFile,
      cores: cpus().length,
      timerWakeupCpuUs: wakeupCpuUs,
      node: process.version,
    };
    const met = {
      ratio: maxApproved.perSec / floor >= TARGETS.ratio,
      p99MsAt200: result.at200.p99Ms <= TARGETS.p99MsAt200 && result.at200.other === 0,
      rssMb: result.authorizerPeakRssMb <= TARGETS.rssMb,
    };
    console.log(
      `targets: ratio ${result.ratio.toFixed(3)} ≥ ${TARGETS.ratio} ${verdict(met.ratio)}; p99 at 200/s ${result.at200.p99Ms} ms ≤ ${TARGETS.p99MsAt200}${result.at200.other ? `, ${result.at200.other} not approved` : ''} ${verdict(met.p99MsAt200)}${diskStalled(met.p99MsAt200, diskAt200.maxMs)}${slowPhase(met.p99MsAt200, over50MsAt200, at200.completed)}; authorizer RSS ${result.authorizerPeakRssMb} MB ≤ ${TARGETS.rssMb} ${verdict(met.rssMb)}`,
    );
    console.log(JSON.stringify({ ...result, met }));
  } finally {
    clearInterval(rss);
    await stack.stop();
    writeFileSync(logFile, stack.logs.join('\n') + '\n');
  }
}

/** A missed p99 beside a flush the disk held longer than the target: the commits of that moment waited with it. */
function diskStalled(met: boolean, flushMaxMs: number): string {
  return !met && flushMaxMs > TARGETS.p99MsAt200 ? ` (the disk held a flush ${flushMaxMs} ms in that phase)` : '';
}

/** A missed p99 that one phase alone made (latePhase): which, and whose wait it was. */
function slowPhase(met: boolean, over50Ms: Record<string, number>, completed: number): string {
  const late = met ? undefined : latePhase(over50Ms, completed);
  return late ? ` (${late.count} of ${completed} authorizations spent over 50 ms in ${late.phase} alone: ${late.owner} held them)` : '';
}

function verdict(met: boolean): string {
  return met ? '(met)' : '(NOT met)';
}

/** Lines the apps logged at WARN or ERROR (a failed broadcast, a tracker pass that failed…). */
function warnings(logs: readonly string[]): number {
  return logs.filter((l) => /\b(WARN|ERROR)\b/.test(l)).length;
}

/**
 * Closed loop at rising concurrency until approved/s has grown by less than 5 % over the best so far
 * twice in a row (one noisy step at low concurrency used to end a series early); returns the best
 * step's rate and the CPU each process of the stack spent per approved authorization in that step.
 */
async function risingConcurrency(
  c: Parameters<typeof runLoad>[0],
  load: Omit<LoadOptions, 'connections'>,
  label: string,
  cpu: () => Record<string, number>,
  backlog: () => Promise<TrackerBacklog>,
): Promise<{ perSec: number; cpuUsPerApproved: Record<string, number>; coresBusy: number; atEnd: TrackerBacklog }> {
  const steps: { report: LoadReport; cpuUsPerApproved: Record<string, number>; atEnd: TrackerBacklog }[] = [];
  for (const concurrency of CONCURRENCY) {
    const before = cpu();
    const report = await runLoad(c, { ...load, connections: 8, concurrency, durationMs: STEP_MS });
    const cpuUsPerApproved = perApproved(before, cpu(), report.byDe39['00'] ?? 0);
    const atEnd = await backlog();
    steps.push({ report, cpuUsPerApproved, atEnd });
    console.log(
      `${label}, closed loop ${String(concurrency).padStart(3)} in flight: ${report.throughputPerSec}/s approved ${report.byDe39['00'] ?? 0}, p99 ${report.latencyMs.p99} ms, at the step's end payments not recorded mined ${atEnd.openPayments}, blocks not scanned ${atEnd.blocksNotScanned}`,
    );
    const rates = steps.map((s) => approvedPerSec(s.report));
    const flat = (i: number) => i > 0 && rates[i] < Math.max(...rates.slice(0, i)) * 1.05;
    if (flat(steps.length - 1) && flat(steps.length - 2)) break;
  }
  const best = steps.reduce((a, b) => (approvedPerSec(b.report) > approvedPerSec(a.report) ? b : a));
  // Cores the whole machine's processes kept busy: near the core count, the step was bound by CPU, not by a lane.
  const coresBusy = (best.cpuUsPerApproved.total * approvedPerSec(best.report)) / 1e6;
  console.log(
    `${label}, CPU per approved authorization at the best step (µs): ${JSON.stringify(best.cpuUsPerApproved)}; cores busy ${coresBusy.toFixed(2)} of ${cpus().length}`,
  );
  return { perSec: approvedPerSec(best.report), cpuUsPerApproved: best.cpuUsPerApproved, coresBusy, atEnd: best.atEnd };
}

const FLOOR_TXS = 2_000;

/** The floor's rate, and the CPU anvil spent per transaction over its runs. */
interface Floor {
  perSec: number;
  anvilUsPerTx: number;
}

/**
 * The floor as the median of three runs of 2,000 transactions: one run lasts under a second, and
 * single runs of the same build spread 1,965–2,957 tx/s on this machine (session 8), which moved
 * the ratio more than any change measured.
 */
async function medianFloor(rpcUrl: string, token: string, to: string, cpu: () => Record<string, number>): Promise<Floor> {
  const runs: number[] = [];
  const before = cpu();
  for (let i = 0; i < 3; i++) runs.push(await bareFloor(rpcUrl, token, to, FLOOR_TXS, 50));
  const anvilUsPerTx = ((cpu().anvil - before.anvil) * 1e6) / (3 * FLOOR_TXS);
  console.log(`bare chain floor runs: ${runs.map((r) => r.toFixed(0)).join(' / ')} tx/s; anvil's CPU ${anvilUsPerTx.toFixed(0)} µs per transaction`);
  return { perSec: runs.sort((a, b) => a - b)[1], anvilUsPerTx };
}

/** CPU µs per approved authorization by process between two readings, and their total. */
function perApproved(before: Record<string, number>, after: Record<string, number>, approved: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(after)) out[name] = Math.round((((after[name] ?? 0) - (before[name] ?? 0)) * 1e6) / Math.max(1, approved));
  out.total = Object.values(out).reduce((a, b) => a + b, 0);
  return out;
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
