import { readFileSync } from 'node:fs';
import { HDNodeWallet, Mnemonic, Wallet } from 'ethers';
import { ConfigError } from './config-error';
import { ExtendedKey, parseDerivationIndex, parseDerivationPath } from './extended-key';
import { LruMap } from './lru-map';
import { Secp256k1Key } from './secp256k1-key';

/** Payment keys kept (~0.2 KB each); more wallets than this paying at once only derive again. */
const DIGEST_SIGNERS_KEPT = 10_000;

/**
 * The bridge's custodial keys: an HD root (BIP-32/44) from a mnemonic file (embedded default,
 * generated into the data folder) or an encrypted ethers JSON keystore (production). Wallets are
 * derived by path and cached; keys never leave this class, and it has no toString/toJSON.
 */
export class KeyStore {
  private readonly cache = new Map<string, HDNodeWallet>();
  /** The last wallets' payment keys: one evicted is derived again in ~18 µs (one step below its parent). */
  private readonly digestSigners = new LruMap<string, Secp256k1Key>(DIGEST_SIGNERS_KEPT);
  /** The hot path's derivation: parents by path ("m/44'/60'/0'/0"), so a new wallet's key is one step down. */
  private readonly parents = new Map<string, ExtendedKey>();

  private constructor(private readonly root: HDNodeWallet) {
    this.parents.set('m', ExtendedKey.fromHex(root.privateKey, root.chainCode));
  }

  static fromMnemonicFile(path: string): KeyStore {
    const phrase = readFileSync(path, 'utf8').trim();
    if (!Mnemonic.isValidMnemonic(phrase)) throw new ConfigError('WALLET_MNEMONIC_FILE', 'file does not hold a valid BIP-39 mnemonic');
    return new KeyStore(HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(phrase), 'm'));
  }

  static async fromKeystoreFile(path: string, password: string): Promise<KeyStore> {
    const wallet = await Wallet.fromEncryptedJson(readFileSync(path, 'utf8'), password);
    if (!(wallet instanceof HDNodeWallet) || !wallet.mnemonic) {
      throw new ConfigError('WALLET_KEYSTORE_FILE', 'keystore must include a mnemonic (HD wallet)');
    }
    return new KeyStore(HDNodeWallet.fromMnemonic(wallet.mnemonic, 'm'));
  }

  /** The signer at a BIP-44 path such as m/44'/60'/0'/0/0. */
  signer(path: string): HDNodeWallet {
    let wallet = this.cache.get(path);
    if (!wallet) {
      wallet = this.root.derivePath(path);
      this.cache.set(path, wallet);
    }
    return wallet;
  }

  /**
   * The same key as `signer(path)`, signing digests with libsecp256k1 (the payment hot path). Derived
   * without ethers' wallet objects: the first payment of each wallet after a start derives its key in
   * the payment batch, which every other authorization waits for.
   */
  digestSigner(path: string): Secp256k1Key {
    let key = this.digestSigners.get(path);
    if (!key) {
      if (parseDerivationPath(path).length === 0) throw new RangeError('the root key does not sign payments');
      key = new Secp256k1Key(this.node(path).privateKeyHex);
      this.digestSigners.set(path, key);
    }
    return key;
  }

  /** A valid path's node, one step below its (cached) parent; only parents are kept. */
  private node(path: string): ExtendedKey {
    const cut = path.lastIndexOf('/');
    return this.parent(path.slice(0, cut)).child(parseDerivationIndex(path.slice(cut + 1)));
  }

  private parent(path: string): ExtendedKey {
    let node = this.parents.get(path);
    if (!node) {
      node = this.node(path);
      this.parents.set(path, node);
    }
    return node;
  }

  address(path: string): string {
    return this.signer(path).address;
  }
}
