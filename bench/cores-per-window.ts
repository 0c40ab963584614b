/** Cumulative CPU seconds per name, read at `atMs` (the bench's clock). */
export interface CpuReading {
  readonly atMs: number;
  readonly seconds: Readonly<Record<string, number>>;
}

/**
 * Cores each name kept busy in each window [startMs, startMs + windowMs), from cumulative readings
 * taken at whatever moments the sampler managed: each interval's CPU is spread evenly over the time it
 * covers and split between the windows it overlaps; a window's figure is the rate over the part of it
 * the readings cover (the first reading comes after the first window starts). The readings come from the
 * load generator's process, whose timers are late exactly when the machine is busiest; charging a late
 * reading's interval to the window it was due for, over the nominal window length, had put a spell's CPU
 * into its neighbours (docs/performance.md, session 30).
 */
export function coresPerWindow(readings: readonly CpuReading[], windowStartsMs: readonly number[], windowMs: number): Record<string, number>[] {
  const used = windowStartsMs.map(() => ({}) as Record<string, number>);
  const coveredMs = windowStartsMs.map(() => 0);
  for (let i = 1; i < readings.length; i++) {
    const [a, b] = [readings[i - 1], readings[i]];
    const span = b.atMs - a.atMs;
    if (span <= 0) continue;
    windowStartsMs.forEach((start, w) => {
      const overlap = Math.min(b.atMs, start + windowMs) - Math.max(a.atMs, start);
      if (overlap <= 0) return;
      coveredMs[w] += overlap;
      for (const name of Object.keys(b.seconds)) used[w][name] = (used[w][name] ?? 0) + (b.seconds[name] - (a.seconds[name] ?? 0)) * (overlap / span);
    });
  }
  // Over the part of the window the readings cover: the first window starts before the first reading.
  return used.map((u, w) => Object.fromEntries(Object.entries(u).map(([name, seconds]) => [name, seconds / (coveredMs[w] / 1000)])));
}
