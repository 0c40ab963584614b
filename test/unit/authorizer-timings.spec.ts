import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizerTimings, latePhase } from '../../bench/authorizer-timings';

/** Two scrapes of /metrics as prom-client writes them (histogram buckets left out: they are not read). */
const scrapes = [
  `bridge_authorization_seconds_sum 1.5
bridge_authorization_seconds_count 100
bridge_pipeline_step_seconds_sum{step="settle"} 0.9
bridge_pipeline_step_seconds_count{step="settle"} 100
bridge_authorization_phase_seconds_sum{phase="record_answer"} 0.2
bridge_authorization_phase_seconds_count{phase="record_answer"} 100
bridge_authorizer_nodejs_gc_duration_seconds_sum{kind="minor"} 0.5
bridge_authorizer_nodejs_eventloop_lag_max_seconds 0.042`,
  `bridge_authorization_seconds_sum 3.5
bridge_authorization_seconds_count 200
bridge_pipeline_step_seconds_sum{step="settle"} 2.1
bridge_pipeline_step_seconds_count{step="settle"} 200
bridge_authorization_phase_seconds_sum{phase="record_answer"} 0.2
bridge_authorization_phase_seconds_count{phase="record_answer"} 100
bridge_authorization_phase_seconds_sum{phase="broadcast"} 0.4
bridge_authorization_phase_seconds_count{phase="broadcast"} 100
bridge_payment_batch_trip_seconds_sum{trip="lock"} 0.05
bridge_payment_batch_trip_seconds_count{trip="lock"} 40
bridge_payment_batch_trip_seconds_sum{trip="commit"} 0.1
bridge_payment_batch_trip_seconds_count{trip="commit"} 40
bridge_authorizer_nodejs_gc_duration_seconds_sum{kind="minor"} 0.9
bridge_authorizer_nodejs_gc_duration_seconds_sum{kind="major"} 0.25
bridge_authorizer_nodejs_eventloop_lag_max_seconds 0.0125`,
];

let server: Server;
let served = 0;

beforeAll(async () => {
  server = createServer((_, res) => res.end(scrapes[served++]));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});

afterAll(() => new Promise((r) => server.close(r)));

it('gives the mean of each series between two scrapes, in milliseconds, and only of what was observed between them', async () => {
  const port = (server.address() as AddressInfo).port;
  const before = await AuthorizerTimings.scrape(port);
  const means = (await AuthorizerTimings.scrape(port)).meanMsSince(before);
  // total (3.5 − 1.5) s / 100 = 20 ms; settle 1.2 s / 100 = 12 ms; broadcast new since: 0.4 s / 100; answer: none between;
  // the batch trips per batch, under their own keys (not the phases'): 0.05 s / 40, 0.1 s / 40.
  expect(means).toEqual({ total: 20, settle: 12, broadcast: 4, lock_trip: 1.25, commit_trip: 2.5 });
  expect(AuthorizerTimings.describe(means)).toMatch(
    /^total 20\.00 = record_received 0\.00 .* settle 12\.00 \(payment_batch 0\.00, broadcast 4\.00\) \+ record_answer 0\.00; a payment batch's trips: lock 1\.25, commit 2\.50$/,
  );
});

it("reads GC pause seconds over all kinds, the loop lag and each series' sum and count between two scrapes", async () => {
  served = 0;
  const port = (server.address() as AddressInfo).port;
  const before = await AuthorizerTimings.scrape(port);
  const after = await AuthorizerTimings.scrape(port);
  expect(before.gcSeconds).toBeCloseTo(0.5);
  expect(after.gcSeconds).toBeCloseTo(1.15);
  expect(after.loopLagMaxMs).toBeCloseTo(12.5);
  const delta = after.deltaSince(before);
  expect(delta.get('total')).toEqual({ ms: 2000, count: 100 });
  expect(delta.get('record_answer')).toEqual({ ms: 0, count: 0 });
  expect(delta.get('broadcast')?.count).toBe(100);
});

it('counts, per phase, the authorizations over 50 ms between two scrapes from its count and le="0.05" bucket', async () => {
  // prom-client's bucket lines, `le` before or after the phase label; the 0.05 bucket is cumulative.
  const phase = (name: string, le005: number, count: number, leFirst = true) =>
    [
      leFirst
        ? `bridge_authorization_phase_seconds_bucket{le="0.05",phase="${name}"} ${le005}`
        : `bridge_authorization_phase_seconds_bucket{phase="${name}",le="0.05"} ${le005}`,
      `bridge_authorization_phase_seconds_bucket{le="0.1",phase="${name}"} ${count}`,
      `bridge_authorization_phase_seconds_sum{phase="${name}"} 1`,
      `bridge_authorization_phase_seconds_count{phase="${name}"} ${count}`,
    ].join('\n');
  const pages = [
    [phase('broadcast', 95, 100), phase('payment_batch', 100, 100, false)].join('\n'),
    [phase('broadcast', 2_350, 2_500), phase('payment_batch', 2_498, 2_500, false), phase('record_received', 2_400, 2_400)].join('\n'),
  ];
  let page = 0;
  const own = createServer((_, res) => res.end(pages[page++]));
  await new Promise<void>((r) => own.listen(0, '127.0.0.1', r));
  try {
    const port = (own.address() as AddressInfo).port;
    const before = await AuthorizerTimings.scrape(port);
    const after = await AuthorizerTimings.scrape(port);
    // broadcast: 150 over 50 ms now, 5 before; the batch 2 (its le after phase); RECEIVED new since, none over.
    expect(after.over50MsSince(before)).toEqual({ broadcast: 145, payment_batch: 2, record_received: 0 });
  } finally {
    await new Promise((r) => own.close(r));
  }
});

it('names the phase that alone kept 1 % of the authorizations over 50 ms, and whose wait it was', () => {
  // 2,400 at 200/s: 24 is 1 %.
  expect(latePhase({ record_received: 0, payment_batch: 9, broadcast: 84 }, 2_400)).toEqual({ phase: 'broadcast', count: 84, owner: 'the chain node' });
  expect(latePhase({ record_received: 30, payment_batch: 2, broadcast: 0 }, 2_400)).toEqual({ phase: 'record_received', count: 30, owner: 'the database' });
  // Under 1 % in every phase: the p99 was not one phase's.
  expect(latePhase({ payment_batch: 23, broadcast: 20 }, 2_400)).toBeUndefined();
  // Nothing answered or nothing slow: no phase.
  expect(latePhase({ broadcast: 0 }, 0)).toBeUndefined();
  expect(latePhase({}, 2_400)).toBeUndefined();
});
