import { keccak256 } from 'ethers';

type KeccakFactory = (algorithm: 'keccak256') => { update(data: Uint8Array): { digest(): Buffer } };

/** The keccak package's N-API build (prebuilt for linux, macOS, windows), or undefined where it cannot load. */
function nativeKeccak(): KeccakFactory | undefined {
  try {
    return require('keccak/bindings') as KeccakFactory;
  } catch {
    return undefined;
  }
}

const native = nativeKeccak();

/**
 * Keccak-256 (the Ethereum hash: pre-standard SHA-3 padding, not Node's sha3-256) of bytes: native
 * where the prebuilt add-on loads (~5 µs for a 200-byte transaction), else ethers' JavaScript one (~20 µs).
 */
export const keccak256Bytes: (data: Uint8Array) => Buffer = native
  ? (data) =>
      native('keccak256')
        .update(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
        .digest()
  : (data) => Buffer.from(keccak256(data).slice(2), 'hex');

/** Which implementation hashes here (the unit test requires the native one where it is prebuilt). */
export const keccakImplementation: 'native' | 'javascript' = native ? 'native' : 'javascript';
