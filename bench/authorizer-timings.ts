/**
 * The histograms whose sums and counts tell where an authorization's time goes, series key → metric; a
 * payment batch's round trips (per batch, not per authorization) are keyed `lock_trip`, `commit_trip`.
 */
const SERIES =
  /^bridge_(authorization_seconds|pipeline_step_seconds|authorization_phase_seconds|payment_batch_trip_seconds)_(sum|count)(?:\{(?:step|phase|trip)="([a-z_]+)"\})? (\S+)$/gm;
/** prom-client's default metrics: GC pauses by kind, and the event loop's longest delay since the previous scrape. */
const GC_SUM = /^bridge_authorizer_nodejs_gc_duration_seconds_sum\{kind="[a-z]+"\} (\S+)$/gm;
const LOOP_LAG_MAX = /^bridge_authorizer_nodejs_eventloop_lag_max_seconds (\S+)$/m;

/**
 * The authorizer's own timings (GET /metrics): its latency, each pipeline step and each phase around
 * them (the RECEIVED row, the payment batch with an approval's row, the broadcast, a decline's row). Two scrapes give the mean
 * of each over the interval between them — what the answer waited for, read from the process that
 * waited, in a bench run, instead of a profiler's guess.
 */
export class AuthorizerTimings {
  private constructor(
    private readonly series: ReadonlyMap<string, { sum: number; count: number }>,
    /** GC pause seconds so far, all kinds. */
    readonly gcSeconds: number,
    /** The event loop's longest delay (ms) since the previous scrape (each scrape resets prom-client's monitor). */
    readonly loopLagMaxMs: number,
  ) {}

  static async scrape(httpPort: number): Promise<AuthorizerTimings> {
    const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
    const series = new Map<string, { sum: number; count: number }>();
    for (const [, metric, field, label, value] of text.matchAll(SERIES)) {
      const key = metric === 'authorization_seconds' ? 'total' : metric === 'payment_batch_trip_seconds' ? `${label}_trip` : label;
      if (!key) continue;
      const entry = series.get(key) ?? { sum: 0, count: 0 };
      entry[field as 'sum' | 'count'] = Number(value);
      series.set(key, entry);
    }
    const gcSeconds = [...text.matchAll(GC_SUM)].reduce((sum, [, value]) => sum + Number(value), 0);
    return new AuthorizerTimings(series, gcSeconds, Number(LOOP_LAG_MAX.exec(text)?.[1] ?? 0) * 1000);
  }

  /** Sum (ms) and count of each series between `earlier` and this scrape. */
  deltaSince(earlier: AuthorizerTimings): Map<string, { ms: number; count: number }> {
    const out = new Map<string, { ms: number; count: number }>();
    for (const [key, now] of this.series) {
      const then = earlier.series.get(key) ?? { sum: 0, count: 0 };
      out.set(key, { ms: (now.sum - then.sum) * 1000, count: now.count - then.count });
    }
    return out;
  }

  /** Mean milliseconds per observation of each series between `earlier` and this scrape (series seen in both). */
  meanMsSince(earlier: AuthorizerTimings): Record<string, number> {
    const means: Record<string, number> = {};
    for (const [key, now] of this.series) {
      const then = earlier.series.get(key) ?? { sum: 0, count: 0 };
      const count = now.count - then.count;
      if (count > 0) means[key] = Math.round(((now.sum - then.sum) / count) * 1e5) / 100;
    }
    return means;
  }

  /**
   * One line: the total, then the phases in the order an authorization meets them; after it, a payment
   * batch's two round trips (means per batch: payment_batch beyond them is the wait for the lane).
   */
  static describe(ms: Record<string, number>): string {
    const at = (k: string) => (ms[k] ?? 0).toFixed(2);
    return (
      `total ${at('total')} = record_received ${at('record_received')} + validate ${at('validate')} + account ${at('account')} + ` +
      `instructions ${at('instructions')} + settle ${at('settle')} (payment_batch ${at('payment_batch')}, broadcast ${at('broadcast')}) + ` +
      `record_answer ${at('record_answer')}; a payment batch's trips: lock ${at('lock_trip')}, commit ${at('commit_trip')}`
    );
  }
}
