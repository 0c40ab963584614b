/**
 * The histograms whose sums and counts tell where an authorization's time goes, series key → metric; a
 * payment batch's round trips (per batch, not per authorization) are keyed `lock_trip`, `commit_trip`.
 */
const SERIES =
  /^bridge_(authorization_seconds|pipeline_step_seconds|authorization_phase_seconds|payment_batch_trip_seconds)_(sum|count)(?:\{(?:step|phase|trip)="([a-z_]+)"\})? (\S+)$/gm;
/** prom-client's default metrics: GC pauses (seconds and count) by kind, and the event loop's longest delay since the previous scrape. */
const GC = /^bridge_authorizer_nodejs_gc_duration_seconds_(sum|count)\{kind="([a-z]+)"\} (\S+)$/gm;
const LOOP_LAG_MAX = /^bridge_authorizer_nodejs_eventloop_lag_max_seconds (\S+)$/m;
/** A phase's histogram buckets (prom-client writes `le` and `phase` in either order). */
const PHASE_BUCKET = /^bridge_authorization_phase_seconds_bucket\{([^}]*)\} (\S+)$/gm;
/** The bucket bound that is issue 7's p99 target at 200/s: a phase over it alone makes an answer late. */
const SLOW_BOUND = '0.05';

/**
 * The authorizer's own timings (GET /metrics): its latency, each pipeline step and each phase around
 * them (the RECEIVED row, the payment batch with an approval's row, the broadcast, a decline's row). Two scrapes give the mean
 * of each over the interval between them — what the answer waited for, read from the process that
 * waited, in a bench run, instead of a profiler's guess.
 */
export class AuthorizerTimings {
  private constructor(
    private readonly series: ReadonlyMap<string, { sum: number; count: number }>,
    /** GC pauses so far by kind (minor, major, incremental, weakcb): their count and seconds. */
    private readonly gc: ReadonlyMap<string, { count: number; seconds: number }>,
    /** The event loop's longest delay (ms) since the previous scrape (each scrape resets prom-client's monitor). */
    readonly loopLagMaxMs: number,
    /** Per phase, how many observations so far took over 50 ms (its count less its le="0.05" bucket). */
    private readonly slow: ReadonlyMap<string, number> = new Map(),
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
    const gc = new Map<string, { count: number; seconds: number }>();
    for (const [, field, kind, value] of text.matchAll(GC)) {
      const entry = gc.get(kind) ?? { count: 0, seconds: 0 };
      if (field === 'sum') entry.seconds = Number(value);
      else entry.count = Number(value);
      gc.set(kind, entry);
    }
    return new AuthorizerTimings(series, gc, Number(LOOP_LAG_MAX.exec(text)?.[1] ?? 0) * 1000, slowPhases(text, series));
  }

  /** GC pause seconds so far, all kinds. */
  get gcSeconds(): number {
    return [...this.gc.values()].reduce((sum, g) => sum + g.seconds, 0);
  }

  /** GC pauses by kind between `earlier` and this scrape: how many, and their seconds. */
  gcSince(earlier: AuthorizerTimings): Record<string, { count: number; seconds: number }> {
    const out: Record<string, { count: number; seconds: number }> = {};
    for (const [kind, now] of this.gc) {
      const then = earlier.gc.get(kind) ?? { count: 0, seconds: 0 };
      out[kind] = { count: now.count - then.count, seconds: now.seconds - then.seconds };
    }
    return out;
  }

  /**
   * Per phase, how many authorizations between `earlier` and this scrape spent over 50 ms in it. Where one
   * phase holds 1 % of the answers that long, that phase alone is the p99 at 200/s: the database (the
   * RECEIVED row, the payment batch) or the chain node (the broadcast).
   */
  over50MsSince(earlier: AuthorizerTimings): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [phase, n] of this.slow) out[phase] = n - (earlier.slow.get(phase) ?? 0);
    return out;
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

function slowPhases(text: string, series: ReadonlyMap<string, { sum: number; count: number }>): Map<string, number> {
  const slow = new Map<string, number>();
  for (const [, labels, value] of text.matchAll(PHASE_BUCKET)) {
    const phase = /phase="([a-z_]+)"/.exec(labels)?.[1];
    const count = phase ? series.get(phase)?.count : undefined;
    if (count !== undefined && labels.includes(`le="${SLOW_BOUND}"`)) slow.set(phase!, count - Number(value));
  }
  return slow;
}

/** Who answers for each phase's wait: the broadcast is the chain node's, the rest the database's (or the batch lane's). */
const PHASE_OWNER: Record<string, string> = {
  record_received: 'the database',
  payment_batch: 'the database or the batch lane',
  broadcast: 'the chain node',
  record_answer: 'the database',
};

/**
 * The phase that alone kept at least 1 % of `completed` authorizations over 50 ms (over50MsSince), if
 * any: that phase is the p99 at 200/s (session 36: one run's broadcasts held ~0.6 s by anvil, the rest
 * as usual).
 */
export function latePhase(over50Ms: Record<string, number>, completed: number): { phase: string; count: number; owner: string } | undefined {
  const [phase, count] = Object.entries(over50Ms).reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
  if (count === 0 || count < completed / 100) return undefined;
  return { phase, count, owner: PHASE_OWNER[phase] ?? 'its server' };
}
