import { randomBytes } from 'node:crypto';
import { encodeRlp, hexlify } from 'ethers';
import { rlpEncode, rlpQuantity, stripZeros, type RlpItem } from './rlp-encode';

const hex = (b: Uint8Array) => hexlify(b);
/** The same item as ethers takes it (hex strings). */
const asEthers = (item: RlpItem): unknown => (item instanceof Uint8Array ? hexlify(item) : item.map(asEthers));

describe('rlpEncode', () => {
  it('encodes the yellow-paper examples', () => {
    expect(hex(rlpEncode(Buffer.from('dog')))).toBe('0x83646f67');
    expect(hex(rlpEncode([Buffer.from('cat'), Buffer.from('dog')]))).toBe('0xc88363617483646f67');
    expect(hex(rlpEncode(Buffer.alloc(0)))).toBe('0x80');
    expect(hex(rlpEncode([]))).toBe('0xc0');
    expect(hex(rlpEncode(rlpQuantity(0n)))).toBe('0x80');
    expect(hex(rlpEncode(rlpQuantity(15n)))).toBe('0x0f');
    expect(hex(rlpEncode(rlpQuantity(1024n)))).toBe('0x820400');
    expect(hex(rlpEncode([[], [[]], [[], [[]]]]))).toBe('0xc7c0c1c0c3c0c1c0');
  });

  it("equals ethers' encodeRlp at every length boundary (0..1100 bytes, nested lists)", () => {
    for (const n of [0, 1, 2, 54, 55, 56, 57, 255, 256, 1024, 1100]) {
      for (const first of [0x00, 0x7f, 0x80, 0xff]) {
        const bytes = randomBytes(n);
        if (n) bytes[0] = first;
        const item: RlpItem = [bytes, [bytes, rlpQuantity(BigInt(n))], Array.from({ length: n % 7 }, () => randomBytes(n % 60))];
        expect(hex(rlpEncode(bytes))).toBe(encodeRlp(hexlify(bytes)));
        expect(hex(rlpEncode(item))).toBe(encodeRlp(asEthers(item) as string[]));
      }
    }
  });

  it('puts an EIP-2718 type byte before the payload when given one', () => {
    const item: RlpItem = [rlpQuantity(1n), randomBytes(70), []];
    expect(hex(rlpEncode(item, 0x02))).toBe(`0x02${encodeRlp(asEthers(item) as string[]).slice(2)}`);
    expect(hex(rlpEncode(Buffer.from([0x05]), 0x01))).toBe('0x0105');
  });

  it('quantities are minimal big-endian; signature halves lose leading zeros only', () => {
    expect(hex(rlpQuantity(0x1234n))).toBe('0x1234');
    expect(hex(rlpQuantity(0x123n))).toBe('0x0123');
    expect(hex(rlpQuantity(2n ** 256n - 1n))).toBe(`0x${'ff'.repeat(32)}`);
    expect(() => rlpQuantity(-1n)).toThrow(RangeError);
    expect(hex(stripZeros(Buffer.from([0, 0, 1, 0])))).toBe('0x0100');
    expect(hex(stripZeros(Buffer.alloc(3)))).toBe('0x');
  });
});
