import * as hdr from 'hdr-histogram-js';
import { DIALECT_1987_ASCII, toNamedFields } from '@bridge/iso8583';
import { buildAuthorization, type AuthorizationInput } from './build-authorization';
import type { ConnectionValues } from './common-options';
import { IsoClient } from './iso-client';

export interface LoadOptions {
  connections: number;
  /** Open loop: authorizations offered per second (rate), or closed loop: in flight at once (concurrency). */
  rate?: number;
  concurrency?: number;
  durationMs?: number;
  count?: number;
  /** Cards and merchants to rotate through. */
  cards: { pan: string; expiry: string }[];
  merchants: string[];
  amount: string;
  acquirerId: string;
  onProgress?: (done: number, total: number | undefined) => void;
  /** Each answer: when it was due to be sent (performance.now() ms), its latency from then (ms) and DE39. */
  onAnswer?: (scheduledAt: number, latencyMs: number, de39: string) => void;
}

export interface LoadReport {
  mode: 'open' | 'closed';
  offeredPerSec?: number;
  concurrency?: number;
  sent: number;
  completed: number;
  throughputPerSec: number;
  byDe39: Record<string, number>;
  errors: number;
  timeouts: number;
  /** From the HDR histogram (3 significant digits): p50 … p99.99 (`p9999`), max and mean. */
  latencyMs: { p50: number; p75: number; p90: number; p95: number; p99: number; p999: number; p9999: number; max: number; mean: number };
  elapsedMs: number;
}

/**
 * Drives the bridge like a network: N connections, unique STANs across them, an offered rate (open
 * loop, latency measured from the scheduled send time so queueing is not hidden) or a fixed number in
 * flight (closed loop), for a duration or a count. Latencies go into an HDR histogram (µs).
 */
export async function runLoad(c: ConnectionValues, o: LoadOptions): Promise<LoadReport> {
  const clients = await Promise.all(
    Array.from({ length: o.connections }, () => IsoClient.connect(c.host, c.port, { framing: c.framing, engineCrossCheck: false })),
  );
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  const report = { sent: 0, completed: 0, errors: 0, timeouts: 0, byDe39: {} as Record<string, number> };
  let stan = Math.floor(Math.random() * 1_000_000);
  const started = Date.now();
  const endAt = o.durationMs ? started + o.durationMs : Infinity;
  const more = () => (o.count === undefined || report.sent < o.count) && Date.now() < endAt;

  const one = async (scheduledAt: number) => {
    const i = report.sent++;
    stan = (stan + 1) % 1_000_000;
    const card = o.cards[i % o.cards.length];
    // Named, not spread from `card`: a spread followed by more properties cost ~9 µs a request here,
    // ~15 % of the generator's own CPU (bench:harness, --cpu-prof).
    const input: AuthorizationInput = {
      pan: card.pan,
      expiry: card.expiry,
      amount: o.amount,
      currency: 'USD',
      merchantId: o.merchants[i % o.merchants.length],
      acquirerId: o.acquirerId,
      terminalId: `LOAD${String(i % 10_000).padStart(4, '0')}`,
      mcc: '5999',
      posEntryMode: '051',
      stan: String(stan).padStart(6, '0'),
    };
    try {
      const answer = await clients[i % clients.length].request(buildAuthorization(input), c.timeoutMs);
      const code = String(toNamedFields(answer, DIALECT_1987_ASCII).responseCode);
      report.byDe39[code] = (report.byDe39[code] ?? 0) + 1;
      report.completed++;
      const latencyMs = performance.now() - scheduledAt;
      histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
      o.onAnswer?.(scheduledAt, latencyMs, code);
    } catch (e) {
      if (/no answer/.test((e as Error).message)) report.timeouts++;
      else report.errors++;
    }
    o.onProgress?.(report.completed + report.errors + report.timeouts, o.count);
  };

  if (o.rate) {
    // Only the requests still in flight are held: a soak run kept every promise it made (an hour at
    // 200/s is 720,000 of them) in the process that times the answers.
    const inFlight = new Set<Promise<void>>();
    const intervalMs = 1000 / o.rate;
    let next = performance.now();
    while (more()) {
      const request = one(next).finally(() => inFlight.delete(request));
      inFlight.add(request);
      next += intervalMs;
      const wait = next - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
  } else {
    const worker = async () => {
      while (more()) await one(performance.now());
    };
    await Promise.all(Array.from({ length: o.concurrency ?? o.connections }, worker));
  }
  clients.forEach((cl) => cl.close());
  const elapsedMs = Date.now() - started;
  const ms = (p: number) => Number((histogram.getValueAtPercentile(p) / 1000).toFixed(2));
  return {
    mode: o.rate ? 'open' : 'closed',
    offeredPerSec: o.rate,
    concurrency: o.rate ? undefined : (o.concurrency ?? o.connections),
    ...report,
    throughputPerSec: Number((report.completed / (elapsedMs / 1000)).toFixed(1)),
    latencyMs: {
      p50: ms(50),
      p75: ms(75),
      p90: ms(90),
      p95: ms(95),
      p99: ms(99),
      p999: ms(99.9),
      p9999: ms(99.99),
      max: ms(100),
      mean: Number((histogram.mean / 1000).toFixed(2)),
    },
    elapsedMs,
  };
}
