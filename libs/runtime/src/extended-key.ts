import { createHmac } from 'node:crypto';
import { SigningKey } from 'ethers';

/** secp256k1's group order n (SEC 2 §2.4.1): BIP-32 adds private keys modulo n. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** BIP-32: indices from 2^31 are hardened (written i' in a path). */
const HARDENED = 0x80000000;

/**
 * A BIP-32 extended private key, deriving its children itself. ethers' HDNodeWallet computes every
 * node's public key and address with its JavaScript curve (~3 ms a BIP-44 path here, on the payment
 * batch's lane the first time a wallet pays after a start); a child of a cached parent needs only
 * one HMAC-SHA512 and one addition mod n, and the parent's public key once (non-hardened children).
 * The unit test checks every key against ethers' derivePath.
 */
export class ExtendedKey {
  // ECMAScript private fields: not shown by console.log / util.inspect either.
  readonly #key: bigint;
  readonly #chainCode: Buffer;
  #compressedPublicKey?: Buffer;

  constructor(key: bigint, chainCode: Buffer) {
    this.#key = key;
    this.#chainCode = chainCode;
  }

  static fromHex(privateKey: string, chainCode: string): ExtendedKey {
    return new ExtendedKey(BigInt(privateKey), Buffer.from(chainCode.replace(/^0x/, ''), 'hex'));
  }

  /** BIP-32 CKDpriv: I = HMAC-SHA512(c, 0x00 ‖ k ‖ i) hardened, else (serP(K) ‖ i); child k = I_L + k mod n. */
  child(index: number): ExtendedKey {
    if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) throw new RangeError(`not a BIP-32 index: ${index}`);
    const data = Buffer.alloc(37);
    if (index >= HARDENED) data.write(this.privateKeyHex.slice(2), 1, 'hex');
    else this.publicKey().copy(data);
    data.writeUInt32BE(index, 33);
    const i = createHmac('sha512', this.#chainCode).update(data).digest();
    const tweak = BigInt(`0x${i.subarray(0, 32).toString('hex')}`);
    const key = (tweak + this.#key) % CURVE_ORDER;
    // BIP-32: such an index is invalid (probability below 2^-127); ethers would not skip it either.
    if (tweak >= CURVE_ORDER || key === 0n) throw new RangeError(`BIP-32 index ${index} gives no valid key`);
    return new ExtendedKey(key, i.subarray(32));
  }

  /** 0x-prefixed, 32 bytes. */
  get privateKeyHex(): string {
    return `0x${this.#key.toString(16).padStart(64, '0')}`;
  }

  private publicKey(): Buffer {
    return (this.#compressedPublicKey ??= Buffer.from(SigningKey.computePublicKey(this.privateKeyHex, true).slice(2), 'hex'));
  }

  /** Never printed. */
  toJSON(): string {
    return '[ExtendedKey]';
  }
}

/** "m/44'/60'/0'/0/7" → [44 + 2^31, 60 + 2^31, 2^31, 0, 7]. */
export function parseDerivationPath(path: string): number[] {
  const [root, ...segments] = path.split('/');
  if (root !== 'm') throw new RangeError(`not a BIP-32 path: ${path}`);
  return segments.map((s) => parseDerivationIndex(s, path));
}

/** One segment of a path: "7" → 7, "44'" → 44 + 2^31. */
export function parseDerivationIndex(segment: string, path = segment): number {
  const m = /^(\d{1,10})('?)$/.exec(segment);
  const n = m ? Number(m[1]) : HARDENED;
  if (!m || n >= HARDENED) throw new RangeError(`not a BIP-32 path: ${path}`);
  return m[2] ? n + HARDENED : n;
}
