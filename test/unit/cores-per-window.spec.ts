import { coresPerWindow, type CpuReading } from '../../bench/cores-per-window';

describe('cores per window from late, irregular CPU readings', () => {
  it('readings on time: each window gets its own interval', () => {
    const readings = [
      { atMs: 0, seconds: { pg: 0 } },
      { atMs: 100, seconds: { pg: 0.05 } },
      { atMs: 200, seconds: { pg: 0.25 } },
    ];
    const [w0, w1] = coresPerWindow(readings, [0, 100], 100);
    expect(w0.pg).toBeCloseTo(0.5);
    expect(w1.pg).toBeCloseTo(2);
  });

  it('a late reading: its interval is spread over the windows it covers, not charged to one over 100 ms', () => {
    // The reading due at 100 came at 150; 0.3 s of CPU over 150 ms = 2 cores, in both windows alike.
    const readings = [
      { atMs: 0, seconds: { pg: 0 } },
      { atMs: 150, seconds: { pg: 0.3 } },
      { atMs: 200, seconds: { pg: 0.35 } },
    ];
    const [w0, w1] = coresPerWindow(readings, [0, 100], 100);
    expect(w0.pg).toBeCloseTo(2); // the old attribution read 3 cores here (0.3 s over a nominal 100 ms)
    expect(w1.pg).toBeCloseTo(1 + 0.5); // 50 ms at 2 cores + 50 ms at 1 core, over 100 ms
  });

  it('a name first seen later (a new process) counts from zero', () => {
    const readings: CpuReading[] = [
      { atMs: 0, seconds: {} },
      { atMs: 100, seconds: { autovacuum: 0.06 } },
    ];
    expect(coresPerWindow(readings, [0], 100)[0].autovacuum).toBeCloseTo(0.6);
  });

  it('a window the readings cover in part: the rate over the part covered', () => {
    // The first reading came 80 ms into the window (the probes started first).
    const readings = [
      { atMs: 80, seconds: { pg: 0 } },
      { atMs: 100, seconds: { pg: 0.03 } },
    ];
    expect(coresPerWindow(readings, [0], 100)[0].pg).toBeCloseTo(1.5);
  });

  it('a window no reading covers stays empty', () => {
    expect(coresPerWindow([{ atMs: 0, seconds: { pg: 0 } }], [0, 100], 100)).toEqual([{}, {}]);
  });
});
