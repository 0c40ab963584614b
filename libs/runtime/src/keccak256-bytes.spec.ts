import { randomBytes } from 'node:crypto';
import { keccak256 } from 'ethers';
import { keccak256Bytes, keccakImplementation } from './keccak256-bytes';
import { secp256k1Implementation } from './secp256k1-key';

/** Where the packages ship prebuilt N-API add-ons: a fallback there would be a silent 2-3x slowdown. */
const prebuilt = ['linux-x64', 'darwin-arm64', 'darwin-x64', 'win32-x64'].includes(`${process.platform}-${process.arch}`);

describe('keccak256Bytes', () => {
  it("equals ethers' keccak256 (Ethereum's pre-standard padding) on the empty input and 500 random ones", () => {
    expect(`0x${keccak256Bytes(new Uint8Array(0)).toString('hex')}`).toBe('0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
    for (let i = 0; i < 500; i++) {
      const data = randomBytes(i % 300);
      expect(`0x${keccak256Bytes(data).toString('hex')}`).toBe(keccak256(data));
    }
  });

  (prebuilt ? it : it.skip)('uses the native add-ons where they are prebuilt (keccak, libsecp256k1)', () => {
    expect({ keccakImplementation, secp256k1Implementation }).toEqual({ keccakImplementation: 'native', secp256k1Implementation: 'native' });
  });
});
