import { readFileSync } from 'node:fs';
import { HDNodeWallet, Mnemonic, Wallet } from 'ethers';
import { ConfigError } from './config-error';
import { Secp256k1Key } from './secp256k1-key';

/**
 * The bridge's custodial keys: an HD root (BIP-32/44) from a mnemonic file (embedded default,
 * generated into the data folder) or an encrypted ethers JSON keystore (production). Wallets are
 * derived by path and cached; keys never leave this class, and it has no toString/toJSON.
 */
export class KeyStore {
  private readonly cache = new Map<string, HDNodeWallet>();
  private readonly digestSigners = new Map<string, Secp256k1Key>();

  private constructor(private readonly root: HDNodeWallet) {}

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

  /** The same key as `signer(path)`, signing digests with libsecp256k1 (the payment hot path). */
  digestSigner(path: string): Secp256k1Key {
    let key = this.digestSigners.get(path);
    if (!key) {
      key = new Secp256k1Key(this.signer(path).privateKey);
      this.digestSigners.set(path, key);
    }
    return key;
  }

  address(path: string): string {
    return this.signer(path).address;
  }
}
