import type { DataSource } from 'typeorm';
import { MARK_AFTER_MS, SubmittedMarker } from './submitted-marker';

const hashes = (sql: string): string[] => /\{([^}]*)\}/.exec(sql)![1].split(',');

describe('SubmittedMarker', () => {
  let written: string[][];
  let marker: SubmittedMarker;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    written = [];
    const db = { query: async (sql: string) => void written.push(hashes(sql)) } as unknown as DataSource;
    marker = new SubmittedMarker(db);
  });

  afterEach(() => jest.useRealTimers());

  it('hands a batch only the marks broadcast MARK_AFTER_MS ago or more, oldest first, each once', () => {
    marker.mark('0xa', 1_000_000);
    marker.mark('0xb', 1_000_300);
    expect(marker.take(1_000_000 + MARK_AFTER_MS - 1)).toEqual([]);
    expect(marker.take(1_000_300 + MARK_AFTER_MS)).toEqual(['0xa', '0xb']);
    expect(marker.take(2_000_000_000)).toEqual([]);
  });

  it('writes due marks on its own, but not those the tracker recorded mined first', async () => {
    marker.mark('0xa');
    marker.mark('0xb');
    marker.forget(['0xa']);
    await jest.advanceTimersByTimeAsync(MARK_AFTER_MS - 10);
    expect(written).toEqual([]);
    await jest.advanceTimersByTimeAsync(20);
    expect(written).toEqual([['0xb']]);
  });

  it('at shutdown writes every pending mark, due or not', async () => {
    marker.mark('0xa');
    marker.mark('0xb');
    await marker.onModuleDestroy();
    expect(written).toEqual([['0xa', '0xb']]);
    await jest.advanceTimersByTimeAsync(2 * MARK_AFTER_MS);
    expect(written).toHaveLength(1);
  });
});
