import { walFlushesBetween } from '../../bench/wal-flushes';

it('gives the WAL flushes per authorization between two readings, and their mean wait only where timed', () => {
  const before = { fsyncs: 100, fsyncMs: 50, timed: true };
  const after = { fsyncs: 2_000, fsyncMs: 2_330, timed: true };
  // 1,900 flushes for 2,000 authorizations; (2,330 − 50) ms / 1,900 flushes.
  expect(walFlushesBetween(before, after, 2_000)).toEqual({ perAuthorization: 0.95, meanMs: 1.2 });
  // Not timed (track_wal_io_timing off): the count still says something, the time nothing.
  expect(walFlushesBetween({ ...before, timed: false }, { ...after, fsyncMs: 0, timed: false }, 2_000)).toEqual({ perAuthorization: 0.95, meanMs: null });
  // Nothing flushed or answered: no division by zero.
  expect(walFlushesBetween(before, before, 0)).toEqual({ perAuthorization: 0, meanMs: null });
});
