import { formatLoadReport } from '../../tools/harness/format-load-report';
import type { LoadReport } from '../../tools/harness/load-generator';

const LATENCY = { p50: 3.44, p75: 5.1, p90: 7.47, p95: 9.2, p99: 17.86, p999: 30.78, p9999: 38.0, max: 38.11, mean: 4.3 };

function report(over: Partial<LoadReport> = {}): LoadReport {
  return {
    mode: 'open',
    offeredPerSec: 200,
    sent: 2000,
    completed: 2000,
    throughputPerSec: 199.9,
    byDe39: { '51': 12, '00': 1988 },
    errors: 0,
    timeouts: 0,
    latencyMs: LATENCY,
    elapsedMs: 10_004,
    ...over,
  };
}

describe('formatLoadReport (harness load, for people)', () => {
  it('says what was offered, answered and how fast', () => {
    const lines = formatLoadReport(report()).split('\n');
    expect(lines[0]).toBe('offered 200/s: 2000 answered of 2000 in 10.0 s');
    expect(lines[1]).toBe('throughput 199.9/s   errors 0   timeouts 0');
    expect(formatLoadReport(report({ mode: 'closed', offeredPerSec: undefined, concurrency: 64 })).split('\n')[0]).toMatch(/^closed loop, 64 in flight: /);
  });

  it('counts each DE39 in code order, with its meaning', () => {
    const lines = formatLoadReport(report({ byDe39: { '51': 12, '00': 1988, '99': 1 } })).split('\n');
    expect(lines.filter((l) => l.startsWith('DE39'))).toEqual([
      'DE39 00  1988  Approved',
      'DE39 51    12  Not sufficient funds',
      'DE39 99     1  not a code this bridge sends',
    ]);
  });

  it('draws the distribution in rising percentiles, the bars scaled to the maximum', () => {
    const lines = formatLoadReport(report()).split('\n');
    const at = lines.indexOf('latency ms (HDR histogram)');
    const rows = lines.slice(at + 1, at + 9).map((l) => l.trim().split(/\s+/));
    expect(rows.map((r) => r[0])).toEqual(['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'p99.99', 'max']);
    expect(rows.map((r) => Number(r[1]))).toEqual([3.44, 5.1, 7.47, 9.2, 17.86, 30.78, 38, 38.11]);
    const bars = rows.map((r) => r[2].length);
    expect(bars[7]).toBe(40);
    expect(bars[0]).toBe(Math.round((40 * 3.44) / 38.11));
    expect([...bars].sort((a, b) => a - b)).toEqual(bars);
    expect(lines[at + 9]).toMatch(/^\s+mean\s+4\.30$/);
  });

  it('draws no distribution when nothing was answered', () => {
    const text = formatLoadReport(report({ completed: 0, byDe39: {}, timeouts: 2000, latencyMs: { ...LATENCY, max: 0 } }));
    expect(text).not.toContain('latency ms');
    expect(text).toContain('timeouts 2000');
  });
});
