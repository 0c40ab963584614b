import { randomFillSync } from 'node:crypto';

/** Bytes 6–15 of an id: version and variant bits are set over random ones. */
const RANDOM_BYTES = 10;
/** Random bytes drawn for 256 ids at a time (as Node's randomUUID does), not one RNG call per id. */
const pool = Buffer.alloc(256 * RANDOM_BYTES);
let poolAt = pool.length;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in milliseconds, then version 7, 12 random
 * bits, the variant (10) and 62 random bits. Keys that grow with time go in at the right edge of their
 * B-trees; with random (version 4) keys every insert into the hot tables' primary keys and the indexes
 * that refer to them touched a random page, and after each checkpoint wrote it whole to the WAL
 * (docs/performance.md, "Session 13"). The time in an id is no secret the row does not already hold
 * (received_at, created_at); uniqueness rests on 74 random bits per millisecond.
 */
export function uuidV7(nowMs: number = Date.now()): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += RANDOM_BYTES;
  const ms = Math.floor(nowMs);
  const high = Math.floor(ms / 0x1_0000_0000); // top 16 of the 48 bits
  const low = ms >>> 0; // bottom 32
  const b = (i: number) => HEX[pool[r + i]];
  return (
    HEX[(high >>> 8) & 0xff] +
    HEX[high & 0xff] +
    HEX[low >>> 24] +
    HEX[(low >>> 16) & 0xff] +
    '-' +
    HEX[(low >>> 8) & 0xff] +
    HEX[low & 0xff] +
    '-' +
    HEX[0x70 | (pool[r] & 0x0f)] +
    b(1) +
    '-' +
    HEX[0x80 | (pool[r + 2] & 0x3f)] +
    b(3) +
    '-' +
    b(4) +
    b(5) +
    b(6) +
    b(7) +
    b(8) +
    b(9)
  );
}
