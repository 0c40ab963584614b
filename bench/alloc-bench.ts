import 'reflect-metadata';
import { cpus } from 'node:os';
import { runLoad } from '../tools/harness/load-generator';
import { spawnStack } from '../tools/dev/spawn-stack';
import { AuthorizerTimings } from './authorizer-timings';
import { allocationSites, type AllocationSite, type SamplingNode } from './allocation-sites';
import { BENCH_LOAD, benchCards } from './bench-cards';
import { benchMiningEnv } from './bench-mining';
import { InspectorSession } from './inspector-session';
import { stackCpuSeconds } from './process-cpu';

/**
 * Where the authorizer allocates, per authorization, at a closed loop near its best step: V8's sampling
 * heap profiler, opened from outside (SIGUSR1) and told to keep the objects the young and old
 * generations collected — garbage is what this counts, since a scavenge's frequency follows the bytes
 * allocated and its cost the objects still alive (session 32: GC ~19 % of the authorizer's CPU at
 * saturation; session 36: 13.7 %). Prints bytes per authorization by package / app folder and by
 * function, and the authorizer's collections by kind (its /metrics) over the same load. Bytes are V8's
 * scaled estimate from one sample per ALLOC_SAMPLE_BYTES; CPU here includes the profiler's own cost.
 *   npm run bench:alloc      (ALLOC_COUNT, default 15000; ALLOC_IN_FLIGHT, default 256; ALLOC_SAMPLE_BYTES, default 4096)
 */
const COUNT = Number(process.env.ALLOC_COUNT ?? 15_000);
const IN_FLIGHT = Number(process.env.ALLOC_IN_FLIGHT ?? 256);
const SAMPLE_BYTES = Number(process.env.ALLOC_SAMPLE_BYTES ?? 4_096);
const CARDS = 8;
const WARM_UP = 3_000;
const TOP = 30;

interface SamplingHeapProfile {
  readonly head: SamplingNode;
}

async function main(): Promise<void> {
  const stack = await spawnStack(benchMiningEnv());
  let inspector: InspectorSession | undefined;
  try {
    const c = { host: '127.0.0.1', port: stack.ready.ports.iso, framing: 'binary2' as const, timeoutMs: 10_000, json: true };
    const load = { ...BENCH_LOAD, cards: await benchCards(stack.ready, CARDS) };
    // Warm first: the JIT's own allocations and the pools' first connections are not an authorization's.
    await runLoad(c, { ...load, connections: 4, concurrency: 8, count: WARM_UP });
    inspector = await InspectorSession.open(stack.ready.pids.authorizer);
    await inspector.call('HeapProfiler.enable');
    const cpu = stackCpuSeconds(stack);
    const [cpuBefore, timingsBefore] = [cpu(), await AuthorizerTimings.scrape(stack.ready.ports.http)];
    await inspector.call('HeapProfiler.startSampling', {
      samplingInterval: SAMPLE_BYTES,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const report = await runLoad(c, { ...load, connections: 8, concurrency: IN_FLIGHT, count: COUNT });
    const { profile } = await inspector.call<{ profile: SamplingHeapProfile }>('HeapProfiler.stopSampling');
    const [cpuAfter, timingsAfter] = [cpu(), await AuthorizerTimings.scrape(stack.ready.ports.http)];
    const n = report.byDe39['00'] ?? 0;
    if (n === 0) throw new Error(`no authorization approved (DE39 ${JSON.stringify(report.byDe39)}, ${report.errors} errors)`);
    const sites = allocationSites(profile.head);
    const perAuth = (bytes: number) => Math.round(bytes / report.completed);
    const share = (bytes: number) => `${((bytes / sites.totalBytes) * 100).toFixed(1)} %`;
    const line = (s: AllocationSite) => `${String(perAuth(s.bytes)).padStart(8)} B ${share(s.bytes).padStart(7)}  ${s.site}`;
    const gc = gcPerThousand(timingsAfter.gcSince(timingsBefore), report.completed);
    const authorizerCpuUs = Math.round(((cpuAfter.authorizer - cpuBefore.authorizer) / report.completed) * 1e6);
    console.log(
      `${report.completed} authorizations (${n} approved) at ${IN_FLIGHT} in flight over ${CARDS} cards, ${report.throughputPerSec}/s with the profiler on; ` +
        `one sample per ${SAMPLE_BYTES} bytes, garbage included`,
    );
    console.log(
      `the authorizer allocated ${perAuth(sites.totalBytes).toLocaleString('en-US')} bytes per authorization; its CPU ${authorizerCpuUs} µs per authorization`,
    );
    console.log(
      `its collections per 1,000 authorizations: ${Object.entries(gc)
        .map(([k, v]) => `${k} ${v.count} (${v.ms} ms)`)
        .join(', ')}`,
    );
    console.log('by package or folder, bytes per authorization:');
    sites.byArea.slice(0, 15).forEach((s) => console.log(line(s)));
    console.log(`by function (the top ${TOP}), bytes per authorization:`);
    sites.bySite.slice(0, TOP).forEach((s) => console.log(line(s)));
    const top = (list: readonly AllocationSite[], k: number) => list.slice(0, k).map((s) => ({ site: s.site, bytesPerAuthorization: perAuth(s.bytes) }));
    console.log(
      JSON.stringify({
        bench: 'alloc',
        authorizations: report.completed,
        inFlight: IN_FLIGHT,
        perSec: report.throughputPerSec,
        bytesPerAuthorization: perAuth(sites.totalBytes),
        authorizerCpuUsPerAuthorization: authorizerCpuUs,
        gcPerThousandAuthorizations: gc,
        byArea: top(sites.byArea, 10),
        bySite: top(sites.bySite, 10),
        sampleBytes: SAMPLE_BYTES,
        cores: cpus().length,
        node: process.version,
      }),
    );
  } finally {
    inspector?.close();
    await stack.stop();
  }
}

/** The authorizer's collections by kind (its /metrics), per 1,000 authorizations: how many, and their ms. */
function gcPerThousand(gc: Record<string, { count: number; seconds: number }>, authorizations: number): Record<string, { count: number; ms: number }> {
  const per = 1_000 / authorizations;
  return Object.fromEntries(
    Object.entries(gc).map(([kind, g]) => [kind, { count: Number((g.count * per).toFixed(2)), ms: Number((g.seconds * 1_000 * per).toFixed(1)) }]),
  );
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
