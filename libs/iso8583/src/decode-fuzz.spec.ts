import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIso } from './decode-iso';
import { DIALECT_1987_ASCII } from './dialect-1987-ascii';
import { encodeIso } from './encode-iso';
import { IsoCodecError } from './iso-codec-error';
import { salvageFields } from './scan-fields';

const dir = join(__dirname, '..', '..', '..', 'test', 'vectors');
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => Buffer.from((JSON.parse(readFileSync(join(dir, f), 'utf8')) as { hex: string }).hex, 'hex'));

/** xorshift32: reproducible, so a failure names the iteration that found it. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

function mutate(rand: (n: number) => number, base: Buffer): Buffer {
  const b = Buffer.from(base);
  switch (rand(6)) {
    case 0: // flip bits
      for (let i = rand(4) + 1; i > 0; i--) b[rand(b.length)] ^= 1 << rand(8);
      return b;
    case 1: // truncate
      return b.subarray(0, rand(b.length));
    case 2: // append junk
      return Buffer.concat([b, Buffer.from(Array.from({ length: rand(8) + 1 }, () => rand(256)))]);
    case 3: // overwrite a byte with a digit or a letter (length prefixes, numeric fields)
      b[rand(b.length)] = rand(2) ? 0x30 + rand(10) : 0x41 + rand(26);
      return b;
    case 4: // set a random bitmap bit
      b[4 + rand(16)] |= 1 << rand(8);
      return b;
    default: // random bytes behind a valid-looking MTI
      return Buffer.concat([Buffer.from('0100'), Buffer.from(Array.from({ length: rand(120) }, () => rand(256)))]);
  }
}

describe('fuzz: 100,000 random and mutated frames into the strict decoder', () => {
  it('throws nothing but IsoCodecError, and what decodes re-encodes to the same bytes', () => {
    const rand = rng(8583);
    let accepted = 0;
    const started = Date.now();
    for (let i = 0; i < 100_000; i++) {
      const frame = i % 10 === 0 ? Buffer.from(Array.from({ length: rand(200) }, () => rand(256))) : mutate(rand, seeds[rand(seeds.length)]);
      try {
        const message = decodeIso(frame, DIALECT_1987_ASCII);
        accepted++;
        expect(encodeIso(message, DIALECT_1987_ASCII).equals(frame)).toBe(true);
      } catch (e) {
        if (!(e instanceof IsoCodecError)) throw new Error(`iteration ${i}: ${String(e)} for ${frame.toString('hex')}`);
      }
      salvageFields(frame, DIALECT_1987_ASCII); // never throws
    }
    expect(accepted).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
