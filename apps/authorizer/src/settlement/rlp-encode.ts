/** An RLP item: a byte string or a list of items (yellow paper, appendix B). */
export type RlpItem = Uint8Array | readonly RlpItem[];

/**
 * Recursive Length Prefix encoding into one Buffer (yellow paper, appendix B). The payment hot path
 * encodes every transaction twice (unsigned for the digest, signed for the wire); ethers' encoder
 * goes through hex strings both ways. The unit test checks the bytes against ethers' encodeRlp.
 */
export function rlpEncode(item: RlpItem): Buffer {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return Buffer.from(item); // a single low byte is its own encoding
    return Buffer.concat([lengthPrefix(item.length, 0x80), item]);
  }
  const payload = Buffer.concat(item.map(rlpEncode));
  return Buffer.concat([lengthPrefix(payload.length, 0xc0), payload]);
}

/** RLP integers: big-endian, no leading zero bytes; zero is the empty string. */
export function rlpQuantity(v: bigint): Buffer {
  if (v < 0n) throw new RangeError(`negative quantity: ${v}`);
  if (v === 0n) return Buffer.alloc(0);
  const hex = v.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/** Big-endian bytes with leading zeros dropped (r and s of a signature). */
export function stripZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function lengthPrefix(length: number, offset: 0x80 | 0xc0): Buffer {
  if (length < 56) return Buffer.from([offset + length]);
  const bytes = rlpQuantity(BigInt(length));
  return Buffer.concat([Buffer.from([offset + 55 + bytes.length]), bytes]);
}
