import { randomFillSync } from 'node:crypto';

/** Bytes 6–15 of an id: version and variant bits are set over random ones. */
const RANDOM_BYTES = 10;
/** Random bytes drawn for 256 ids at a time (as Node's randomUUID does), not one RNG call per id. */
const pool = Buffer.alloc(256 * RANDOM_BYTES);
let poolAt = pool.length;
const id = Buffer.alloc(16);

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
  id.writeUIntBE(Math.floor(nowMs), 0, 6);
  pool.copy(id, 6, poolAt, (poolAt += RANDOM_BYTES));
  id[6] = 0x70 | (id[6] & 0x0f); // version 7
  id[8] = 0x80 | (id[8] & 0x3f); // variant 10
  const h = id.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
