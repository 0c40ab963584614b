import { de39Words } from './de39-words';
import type { LoadReport } from './load-generator';

/** The distribution's rows: percentile label and its key in LoadReport.latencyMs, in rising order. */
const DISTRIBUTION = [
  ['p50', 'p50'],
  ['p75', 'p75'],
  ['p90', 'p90'],
  ['p95', 'p95'],
  ['p99', 'p99'],
  ['p99.9', 'p999'],
  ['p99.99', 'p9999'],
  ['max', 'max'],
] as const;

/** The longest bar, drawn for the maximum latency. */
const BAR_WIDTH = 40;

/**
 * A load run as people read it: what was offered and answered, throughput, errors and timeouts, each
 * DE39 with its count and meaning, and the HDR histogram's latency distribution as percentile rows with
 * bars scaled to the maximum (a long tail shows as a jump in the bars).
 */
export function formatLoadReport(r: LoadReport): string {
  const offered = r.mode === 'open' ? `offered ${r.offeredPerSec}/s` : `closed loop, ${r.concurrency} in flight`;
  const lines = [
    `${offered}: ${r.completed} answered of ${r.sent} in ${(r.elapsedMs / 1000).toFixed(1)} s`,
    `throughput ${r.throughputPerSec}/s   errors ${r.errors}   timeouts ${r.timeouts}`,
    ...de39Lines(r.byDe39),
    ...(r.completed ? distributionLines(r.latencyMs) : []),
  ];
  return lines.join('\n');
}

function de39Lines(byDe39: Readonly<Record<string, number>>): string[] {
  const codes = Object.keys(byDe39).sort();
  const width = Math.max(0, ...codes.map((code) => String(byDe39[code]).length));
  return codes.map((code) => `DE39 ${code.padEnd(2)}  ${String(byDe39[code]).padStart(width)}  ${de39Words(code)}`);
}

function distributionLines(l: LoadReport['latencyMs']): string[] {
  const values = DISTRIBUTION.map(([, key]) => l[key]);
  const width = Math.max(...values.map((v) => v.toFixed(2).length));
  const rows = DISTRIBUTION.map(([label], i) => {
    const bar = l.max > 0 ? '█'.repeat(Math.max(1, Math.round((BAR_WIDTH * values[i]) / l.max))) : '';
    return `  ${label.padEnd(6)}  ${values[i].toFixed(2).padStart(width)}  ${bar}`;
  });
  return ['latency ms (HDR histogram)', ...rows, `  ${'mean'.padEnd(6)}  ${l.mean.toFixed(2).padStart(width)}`];
}
