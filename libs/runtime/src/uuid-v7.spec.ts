import { uuidV7 } from './uuid-v7';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('is an RFC 9562 version 7 UUID whose first 48 bits are the Unix time in ms', () => {
    const at = Date.UTC(2026, 10, 29, 22, 15, 0, 123);
    const id = uuidV7(at);
    expect(id).toMatch(V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('carries the whole 48-bit time (RFC 9562 test vector time 0x017F22E279B0)', () => {
    expect(uuidV7(0x017f22e279b0).slice(0, 13)).toBe('017f22e2-79b0');
    expect(uuidV7(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('sorts by time across milliseconds (B-tree inserts at the right edge)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidV7(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never repeats across pool refills, and its random bits vary', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach((id) => expect(id).toMatch(V7));
    // version nibble 7 and variant 10 always; the 12 bits after the version take many values
    expect(new Set(ids.map((id) => id.slice(15, 18))).size).toBeGreaterThan(3000);
  });
});
