/** A window's cores busy per process of the stack (latency-spells' windows). */
export interface CpuWindow {
  readonly startMs: number;
  readonly cpu?: Readonly<Record<string, number>>;
}

export interface SpellBurst {
  /** The spell's first slow window, in seconds from the first window. */
  readonly atS: number;
  readonly process: string;
  /** Cores over the process's usual (its mean in the windows outside the spells). */
  readonly extraCores: number;
}

/**
 * Which process was furthest over its usual CPU as each spell began, in its first slow window or the
 * one before (the late answers waited through both). At 200/s the stack keeps a slow machine's two cores
 * ~75 % busy, and a spell starts where one process bursts on top of that — an autovacuum round, a
 * collection, the load generator itself (docs/performance.md, session 30).
 */
export function spellBursts(windows: readonly CpuWindow[], firsts: readonly CpuWindow[], usual: Readonly<Record<string, number>>): SpellBurst[] {
  return firsts.map((first) => {
    const i = windows.indexOf(first);
    const around = [windows[i - 1], first].filter((w): w is CpuWindow => w !== undefined);
    let best = { process: '', extraCores: 0 };
    for (const w of around) {
      for (const [process, cores] of Object.entries(w.cpu ?? {})) {
        const extraCores = cores - (usual[process] ?? 0);
        if (extraCores > best.extraCores) best = { process, extraCores };
      }
    }
    return { atS: Math.round((first.startMs - windows[0].startMs) / 100) / 10, ...best, extraCores: Math.round(best.extraCores * 100) / 100 };
  });
}
