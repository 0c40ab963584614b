import { flushReport } from '../../bench/disk-flush-probe';

describe("the disk flush probe's report", () => {
  it('nearest-rank p50 / p99 / max of the waits, whatever their order', () => {
    const waits = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1 ms
    expect(flushReport(waits)).toEqual({ flushes: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
  });

  it('one stalled flush among 200 shows in the max, not in the p99', () => {
    const waits = [...Array.from({ length: 199 }, () => 0.42), 1_039.04];
    expect(flushReport(waits)).toEqual({ flushes: 200, p50Ms: 0.4, p99Ms: 0.4, maxMs: 1_039 });
  });

  it('no flush: zeros, not NaN', () => {
    expect(flushReport([])).toEqual({ flushes: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });
});
