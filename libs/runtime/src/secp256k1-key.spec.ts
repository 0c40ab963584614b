import { randomBytes } from 'node:crypto';
import { getBytes, hexlify, SigningKey, Wallet } from 'ethers';
import { Secp256k1Key, wasmSignRecoverable } from './secp256k1-key';

describe('Secp256k1Key', () => {
  const wallet = Wallet.createRandom();
  const ethersKey = new SigningKey(wallet.privateKey);

  it('the key in use (native where prebuilt) and the WebAssembly fallback both sign exactly as ethers does (RFC 6979, low-s, recovery id)', () => {
    const key = new Secp256k1Key(wallet.privateKey);
    for (let i = 0; i < 200; i++) {
      const digest = hexlify(randomBytes(32));
      const expected = ethersKey.sign(digest);
      expect(key.sign(digest).serialized).toBe(expected.serialized);
      const wasm = wasmSignRecoverable(getBytes(digest), getBytes(wallet.privateKey));
      expect([hexlify(wasm.signature), wasm.recoveryId]).toEqual([hexlify(getBytes(expected.r + expected.s.slice(2))), expected.yParity]);
    }
  });

  it('never prints its secret', () => {
    const key = new Secp256k1Key(wallet.privateKey);
    expect(JSON.stringify({ key })).toBe('{"key":"[Secp256k1Key]"}');
    expect(JSON.stringify({ key })).not.toContain(wallet.privateKey.slice(2, 12));
  });
});
