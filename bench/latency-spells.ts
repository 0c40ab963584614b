import 'reflect-metadata';
import { cpus } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { runLoad } from '../tools/harness/load-generator';
import { spawnStack } from '../tools/dev/spawn-stack';
import { AuthorizerTimings } from './authorizer-timings';
import { benchMiningEnv, miningLabel } from './bench-mining';
import { coresPerWindow, type CpuReading } from './cores-per-window';
import { machineBusySeconds, stackCpuSeconds } from './process-cpu';
import { BENCH_LOAD, benchCards } from './bench-cards';
import { startDiskFlushProbe, type Flush } from './disk-flush-probe';
import { spellBursts } from './spell-bursts';
import { longestPing, startServerPingProbe, type ServerPings } from './server-ping-probe';

/**
 * Where bench:e2e's p99 at 200/s comes from. Its slow answers are not spread evenly: they come in
 * spells of a few hundred ms. This offers 200 authorizations/s over 8 cards (as bench:e2e's (b)) for
 * SPELLS_SECONDS and, every 100 ms, reads the authorizer's phase timings, GC pauses and event-loop lag
 * (GET /metrics) and the CPU of every process of the stack (/proc). A 100 ms window is slow when an
 * answer that finished in it took longer than the run's p99; consecutive slow windows make a spell.
 * It prints, for slow windows against the rest, the mean of each phase, GC ms per second, the loop's
 * longest delay and the cores each process and the whole machine kept busy — what grew when the answers
 * slowed —, the process furthest over its usual cores as each spell began (bench/spell-bursts.ts), and the
 * longest wait of a small flush to the database's disk in the window (bench/disk-flush-probe.ts: a
 * commit waits for one; session 25's disk held every flush for up to a second), and with SPELLS_PING=1
 * the longest trivial call to the node and to the database that ended in it (bench/server-ping-probe.ts;
 * session 29 found anvil holding its RPC for 112 ms in one spell).
 *   npm run bench:spells
 */
const SECONDS = Number(process.env.SPELLS_SECONDS ?? 30);
const RATE = 200;
const WINDOW_MS = 100;
/** The whole machine's busy seconds among the stack's processes' in one reading. */
const MACHINE = '(machine)';
const PHASES = ['record_received', 'instructions', 'payment_batch', 'broadcast', 'record_answer'] as const;

interface Window {
  readonly startMs: number;
  readonly answers: number[];
  phases?: Map<string, { ms: number; count: number }>;
  gcMs?: number;
  loopLagMaxMs?: number;
  cpu?: Record<string, number>;
  /** Cores the whole machine kept busy (/proc/stat), the stack's and everything else's. */
  machineCores?: number;
  /** The same two for this process, the load generator: its own pauses delay the answers it times. */
  selfGcMs?: number;
  selfLoopLagMaxMs?: number;
  /** The longest wait of a probe flush that overlapped the window. */
  diskFlushMaxMs?: number;
  /** The longest `eth_blockNumber` and `SELECT 1` that ended in the window. */
  nodePingMaxMs?: number;
  databasePingMaxMs?: number;
}

/** A flush held this long stalls the commits of its moment past what a 200/s answer takes. */
const DISK_STALL_MS = 50;
/** A trivial call held this long is a stall of its server (they take ~1 ms; a spell's answers wait ~100). */
const PING_STALL_MS = 30;
/**
 * The ping probe is opt-in (SPELLS_PING=1): its 200 calls a second cost ~0.1–0.15 of a core in its own
 * process and more in the two servers, on a machine the stack keeps ~75 % busy at 200/s — it made the
 * spells it was looking for (docs/performance.md, session 30).
 */
const PING = process.env.SPELLS_PING === '1';

async function main(): Promise<void> {
  const stack = await spawnStack(benchMiningEnv());
  try {
    const { ready } = stack;
    const c = { host: '127.0.0.1', port: ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    const cards = await benchCards(ready, 8);
    const load = { ...BENCH_LOAD, cards };
    await runLoad(c, { ...load, connections: 4, concurrency: 8, count: 2_000 }); // warm-up: JIT, pools, first ANALYZE
    await runLoad(c, { ...load, connections: 8, rate: RATE, durationMs: 5_000 });

    const cpu = stackCpuSeconds(stack);
    const t0 = performance.now();
    const windows: Window[] = Array.from({ length: Math.ceil((SECONDS * 1000) / WINDOW_MS) + 100 }, (_, i) => ({ startMs: i * WINDOW_MS, answers: [] }));
    const disk = await startDiskFlushProbe(ready.dataDir);
    const pings = PING ? await startServerPingProbe(ready.rpcUrl, ready.databaseUrl) : undefined;
    const sampler = sample(ready.ports.http, windows, t0, cpu);
    const report = await runLoad(c, {
      ...load,
      connections: 8,
      rate: RATE,
      durationMs: SECONDS * 1000,
      onAnswer: (scheduledAt, latencyMs) => windows[Math.floor((scheduledAt + latencyMs - t0) / WINDOW_MS)]?.answers.push(latencyMs),
    });
    await sampler.stop();
    attachFlushes(windows, (await disk.stop()).flushes, performance.timeOrigin + t0);
    if (pings) attachPings(windows, await pings.stop(), performance.timeOrigin + t0);
    printSpells(
      report.latencyMs,
      windows.filter((w) => w.phases && w.answers.length),
      performance.timeOrigin + t0,
    );
  } finally {
    await stack.stop();
  }
}

/** Reads timings, GC, loop lag and CPU at every window's end until stopped. */
function sample(httpPort: number, windows: Window[], t0: number, cpu: () => Record<string, number>): { stop(): Promise<void> } {
  let stopped = false;
  let selfGcMs = 0;
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => (selfGcMs += e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const readings: CpuReading[] = [];
  // CPU first, the moment the timer fires, and timestamped: the scrape waits on the authorizer, which is
  // slowest exactly in a spell, and the timer itself is late then (cores-per-window.ts).
  const readCpu = () => readings.push({ atMs: performance.now() - t0, seconds: { ...cpu(), [MACHINE]: machineBusySeconds() } });
  const loop = (async () => {
    readCpu();
    let prev = await AuthorizerTimings.scrape(httpPort);
    for (let i = 0; !stopped && i < windows.length; i++) {
      const wait = t0 + (i + 1) * WINDOW_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      readCpu();
      const now = await AuthorizerTimings.scrape(httpPort);
      const w = windows[i];
      w.phases = now.deltaSince(prev);
      w.gcMs = (now.gcSeconds - prev.gcSeconds) * 1000;
      w.loopLagMaxMs = now.loopLagMaxMs;
      w.selfGcMs = selfGcMs;
      w.selfLoopLagMaxMs = lag.max / 1e6;
      selfGcMs = 0;
      lag.reset();
      prev = now;
    }
    const cores = coresPerWindow(
      readings,
      windows.map((w) => w.startMs),
      WINDOW_MS,
    );
    windows.forEach((w, i) => {
      const { [MACHINE]: machine, ...stackCores } = cores[i];
      w.machineCores = machine ?? 0;
      w.cpu = stackCores;
    });
    gc.disconnect();
    lag.disable();
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

function attachFlushes(windows: Window[], flushes: readonly Flush[], t0EpochMs: number): void {
  for (const w of windows) {
    const start = t0EpochMs + w.startMs;
    const overlapping = flushes.filter((f) => f.atMs < start + WINDOW_MS && f.atMs + f.waitMs > start);
    w.diskFlushMaxMs = Math.max(0, ...overlapping.map((f) => f.waitMs));
  }
}

function attachPings(windows: Window[], pings: ServerPings, t0EpochMs: number): void {
  for (const w of windows) {
    const start = t0EpochMs + w.startMs;
    w.nodePingMaxMs = longestPing(pings.node, start, start + WINDOW_MS);
    w.databasePingMaxMs = longestPing(pings.database, start, start + WINDOW_MS);
  }
}

const PING_ROWS: [string, (s: Summary) => number][] = [
  ['node eth_blockNumber, longest, ms', (s) => s.nodePingMaxMs],
  [`  windows with one over ${PING_STALL_MS} ms, %`, (s) => s.nodeStalledPercent],
  ['database SELECT 1, longest, ms', (s) => s.databasePingMaxMs],
  [`  windows with one over ${PING_STALL_MS} ms, %`, (s) => s.databaseStalledPercent],
];

/** `t0EpochMs`: the windows' time zero on the wall clock, so a probe outside the bench can be lined up with the spells. */
function printSpells(latency: { p50: number; p99: number; max: number }, windows: Window[], t0EpochMs: number): void {
  const slow = windows.filter((w) => Math.max(...w.answers) > latency.p99);
  const other = windows.filter((w) => !slow.includes(w));
  const firsts = slow.filter((w, i) => i === 0 || slow[i - 1].startMs !== w.startMs - WINDOW_MS);
  const spells = firsts.length;
  const startedAt = new Date(t0EpochMs + windows[0].startMs).toISOString();
  const summary = { slow: summarize(slow), other: summarize(other) };
  const bursts = spellBursts(windows, firsts, summary.other.cores);
  // When they start: a spell every n seconds points at a periodic task (a cache refresh, a sweep, a scrape).
  const spellStartsS = bursts.map((b) => b.atS);
  console.log(`chain: ${miningLabel()}; ${RATE}/s offered for ${SECONDS} s: p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
  console.log(
    `windows of ${WINDOW_MS} ms with an answer over p99: ${slow.length} of ${windows.length}, in ${spells} spells, starting at ${spellStartsS.join(', ')} s after ${startedAt}`,
  );
  const rows: [string, (s: Summary) => number][] = [
    ['answers finished, mean ms', (s) => s.answerMs],
    ...PHASES.map((p): [string, (s: Summary) => number] => [`  ${p}, mean ms`, (s) => s.phaseMs[p] ?? 0]),
    ['authorizer GC, ms per s', (s) => s.gcMsPerSec],
    ['authorizer loop lag max, ms', (s) => s.loopLagMaxMs],
    ['load generator GC, ms per s', (s) => s.selfGcMsPerSec],
    ['load generator loop lag max, ms', (s) => s.selfLoopLagMaxMs],
    ['disk flush, longest in window, ms', (s) => s.diskFlushMaxMs],
    [`  windows with one over ${DISK_STALL_MS} ms, %`, (s) => s.diskStalledPercent],
    ...(PING ? PING_ROWS : []),
    ...Object.keys(summary.other.cores).map((k): [string, (s: Summary) => number] => [`cores busy: ${k}`, (s) => s.cores[k] ?? 0]),
    ['cores busy: whole machine', (s) => s.machineCores],
  ];
  console.log(
    `each spell began with (the process furthest over its usual cores): ${bursts.map((b) => `${b.atS} s ${b.process || '-'} +${b.extraCores}`).join(', ')}`,
  );
  console.log(`${''.padEnd(34)}${'slow windows'.padStart(14)}${'the rest'.padStart(12)}`);
  for (const [label, of] of rows) console.log(`${label.padEnd(34)}${of(summary.slow).toFixed(2).padStart(14)}${of(summary.other).toFixed(2).padStart(12)}`);
  console.log(
    JSON.stringify({
      bench: 'latency-spells',
      rate: RATE,
      seconds: SECONDS,
      latencyMs: latency,
      slowWindows: slow.length,
      windows: windows.length,
      spells,
      spellStartsS,
      spellBursts: bursts,
      startedAt,
      ...summary,
      cores: cpus().length,
    }),
  );
}

interface Summary {
  answerMs: number;
  phaseMs: Record<string, number>;
  gcMsPerSec: number;
  loopLagMaxMs: number;
  selfGcMsPerSec: number;
  selfLoopLagMaxMs: number;
  diskFlushMaxMs: number;
  diskStalledPercent: number;
  nodePingMaxMs: number;
  nodeStalledPercent: number;
  databasePingMaxMs: number;
  databaseStalledPercent: number;
  cores: Record<string, number>;
  machineCores: number;
}

/** Means over windows: answers and phases weighted by their counts, the rest per window. */
function summarize(windows: readonly Window[]): Summary {
  const answers = windows.flatMap((w) => w.answers);
  const phaseMs: Record<string, number> = {};
  for (const p of PHASES) {
    const ds = windows.map((w) => w.phases!.get(p) ?? { ms: 0, count: 0 });
    const count = ds.reduce((n, d) => n + d.count, 0);
    phaseMs[p] = count ? ds.reduce((n, d) => n + d.ms, 0) / count : 0;
  }
  const mean = (f: (w: Window) => number) => (windows.length ? windows.reduce((n, w) => n + f(w), 0) / windows.length : 0);
  const names = [...new Set(windows.flatMap((w) => Object.keys(w.cpu!)))];
  const cores = Object.fromEntries(names.map((k) => [k, mean((w) => w.cpu![k] ?? 0)]));
  cores.total = Object.values(cores).reduce((a, b) => a + b, 0);
  return {
    answerMs: answers.length ? answers.reduce((a, b) => a + b, 0) / answers.length : 0,
    phaseMs,
    gcMsPerSec: mean((w) => w.gcMs!) * (1000 / WINDOW_MS),
    loopLagMaxMs: mean((w) => w.loopLagMaxMs!),
    selfGcMsPerSec: mean((w) => w.selfGcMs!) * (1000 / WINDOW_MS),
    selfLoopLagMaxMs: mean((w) => w.selfLoopLagMaxMs!),
    diskFlushMaxMs: mean((w) => w.diskFlushMaxMs ?? 0),
    diskStalledPercent: mean((w) => ((w.diskFlushMaxMs ?? 0) > DISK_STALL_MS ? 100 : 0)),
    nodePingMaxMs: mean((w) => w.nodePingMaxMs ?? 0),
    nodeStalledPercent: mean((w) => ((w.nodePingMaxMs ?? 0) > PING_STALL_MS ? 100 : 0)),
    databasePingMaxMs: mean((w) => w.databasePingMaxMs ?? 0),
    databaseStalledPercent: mean((w) => ((w.databasePingMaxMs ?? 0) > PING_STALL_MS ? 100 : 0)),
    cores,
    machineCores: mean((w) => w.machineCores ?? 0),
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
