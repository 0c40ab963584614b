import { inspect } from 'node:util';
import { HDNodeWallet, Mnemonic } from 'ethers';
import { ExtendedKey, parseDerivationPath } from './extended-key';

const PHRASE = 'test test test test test test test test test test test junk'; // anvil's public dev mnemonic

function derive(root: ExtendedKey, path: string): ExtendedKey {
  return parseDerivationPath(path).reduce((node, index) => node.child(index), root);
}

describe('ExtendedKey', () => {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(PHRASE), 'm');
  const root = ExtendedKey.fromHex(wallet.privateKey, wallet.chainCode);

  it.each(["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1", "m/44'/60'/0'/0/2147483647", "m/44'/60'/3'/0/19", "m/0'/1/2'/2/1000000000", 'm/0/1/2', "m/2147483647'"])(
    'derives the key ethers derives at %s',
    (path) => {
      expect(derive(root, path).privateKeyHex).toBe(wallet.derivePath(path).privateKey);
    },
  );

  it('matches BIP-32 test vector 1 (seed 000102…0f) at m/0H/1/2H/2/1000000000', () => {
    const master = HDNodeWallet.fromSeed('0x000102030405060708090a0b0c0d0e0f');
    const key = derive(ExtendedKey.fromHex(master.privateKey, master.chainCode), "m/0'/1/2'/2/1000000000");
    expect(key.privateKeyHex).toBe('0x471b76e389e528d6de6d816857e012c5455051cad6660850e58372a6c3e6e7c8');
  });

  it('refuses what is not a BIP-32 path or index', () => {
    for (const bad of ['', 'n/0', 'm/', 'm/x', "m/1''", 'm/2147483648', 'm/-1']) expect(() => parseDerivationPath(bad)).toThrow(RangeError);
    expect(() => root.child(2 ** 32)).toThrow(RangeError);
  });

  it('never prints its key', () => {
    expect(JSON.stringify({ root })).toBe('{"root":"[ExtendedKey]"}');
    const printed = inspect(root, { showHidden: true, depth: 5 });
    expect(printed).not.toContain(BigInt(wallet.privateKey).toString());
    expect(printed).not.toContain(wallet.privateKey.slice(2));
  });
});
