import { switchesPerAuthorization, type ProcessSwitches } from '../../bench/process-cpu';

const reading = (entries: [number, ProcessSwitches][]) => new Map(entries);
const pg = (voluntary: number, involuntary = 0): ProcessSwitches => ({ name: 'postgres', voluntary, involuntary });

describe('context switches per authorization between two readings', () => {
  it('sums each process’s own increase under its name', () => {
    const before = reading([
      [10, pg(100, 10)],
      [11, pg(50, 5)],
      [20, { name: 'authorizer', voluntary: 7, involuntary: 1 }],
    ]);
    const after = reading([
      [10, pg(300, 30)],
      [11, pg(150, 15)],
      [20, { name: 'authorizer', voluntary: 107, involuntary: 51 }],
    ]);
    expect(switchesPerAuthorization(before, after, 100)).toEqual({
      perAuthorization: { postgres: [3, 0.3], authorizer: [1, 0.5] },
      exited: {},
    });
  });

  it('a backend the pool closed meanwhile is left out and named, never subtracted (the sum went negative)', () => {
    const before = reading([
      [10, pg(100)],
      [11, pg(5_000)],
    ]);
    const after = reading([[10, pg(400)]]);
    expect(switchesPerAuthorization(before, after, 100)).toEqual({ perAuthorization: { postgres: [3, 0] }, exited: { postgres: 1 } });
  });

  it('a process started meanwhile counts from zero; a pid reused by another process too', () => {
    const before = reading([[30, { name: 'anvil', voluntary: 900, involuntary: 0 }]]);
    const after = reading([
      [12, pg(40)],
      [30, pg(60)],
    ]);
    expect(switchesPerAuthorization(before, after, 10)).toEqual({ perAuthorization: { postgres: [10, 0] }, exited: { anvil: 1 } });
  });
});
