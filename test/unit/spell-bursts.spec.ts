import { spellBursts } from '../../bench/spell-bursts';

describe('which process burst as a spell began', () => {
  const usual = { postgres: 0.4, authorizer: 0.5 };
  const windows = [
    { startMs: 0, cpu: { postgres: 0.4, authorizer: 0.5 } },
    { startMs: 100, cpu: { postgres: 1.0, authorizer: 0.5 } }, // the autovacuum round, before the late answers
    { startMs: 200, cpu: { postgres: 0.5, authorizer: 0.7 } }, // the spell's first slow window
    { startMs: 300, cpu: { postgres: 0.4, authorizer: 0.5 } },
  ];

  it('the process furthest over its usual, in the first slow window or the one before', () => {
    expect(spellBursts(windows, [windows[2]], usual)).toEqual([{ atS: 0.2, process: 'postgres', extraCores: 0.6 }]);
  });

  it('a spell at the first window looks at that window alone', () => {
    expect(spellBursts(windows, [windows[0]], { postgres: 0.1, authorizer: 0.5 })).toEqual([{ atS: 0, process: 'postgres', extraCores: 0.3 }]);
  });

  it('no process over its usual: none named', () => {
    expect(spellBursts(windows, [windows[3]], { postgres: 2, authorizer: 2 })).toEqual([{ atS: 0.3, process: '', extraCores: 0 }]);
  });
});
