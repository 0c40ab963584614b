import { dirname } from 'node:path';
import { keccak256 } from 'ethers';

/** The keccak package's native sponge (its N-API add-on), without the package's stream wrapper. */
interface KeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  squeeze(bytes: number): Buffer;
}

/**
 * The keccak package's N-API build (prebuilt for linux, macOS, windows), or undefined where it cannot
 * load. Its public API wraps each hash in a readable-stream Transform; the sponge is used directly.
 */
function nativeKeccak(): KeccakState | undefined {
  try {
    require('keccak/bindings'); // the package's own check that the add-on is usable here (it throws otherwise)
    const load = require('node-gyp-build') as (dir: string) => new () => KeccakState;
    const State = load(dirname(require.resolve('keccak/package.json')));
    return new State();
  } catch {
    return undefined;
  }
}

const native = nativeKeccak();

/** Keccak-256's sponge: rate 1088 bits, capacity 512 (FIPS 202 parameters with the original padding). */
const RATE = 1088;
const CAPACITY = 512;

/**
 * Keccak-256 (the Ethereum hash: pre-standard SHA-3 padding, not Node's sha3-256) of bytes: native
 * where the prebuilt add-on loads (~5 µs for a 200-byte transaction), else ethers' JavaScript one (~20 µs).
 * One sponge serves every call: a hash is synchronous from initialize to squeeze.
 */
export const keccak256Bytes: (data: Uint8Array) => Buffer = native
  ? (data) => {
      native.initialize(RATE, CAPACITY);
      native.absorb(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      return native.squeeze(32);
    }
  : (data) => Buffer.from(keccak256(data).slice(2), 'hex');

/** Which implementation hashes here (the unit test requires the native one where it is prebuilt). */
export const keccakImplementation: 'native' | 'javascript' = native ? 'native' : 'javascript';
