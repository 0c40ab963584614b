import { ConfigError } from './config-error';
import type { EnvReader } from './env-reader';
import { KeyStore } from './key-store';

/** WALLET_KEYSTORE_FILE (+ WALLET_KEYSTORE_PASSWORD) wins over WALLET_MNEMONIC_FILE. */
export async function loadKeyStore(env: EnvReader): Promise<KeyStore> {
  const keystore = env.optional('WALLET_KEYSTORE_FILE');
  if (keystore) {
    const password = env.optional('WALLET_KEYSTORE_PASSWORD');
    if (password === undefined) throw new ConfigError('WALLET_KEYSTORE_PASSWORD', 'is required with WALLET_KEYSTORE_FILE');
    return KeyStore.fromKeystoreFile(keystore, password);
  }
  return KeyStore.fromMnemonicFile(env.string('WALLET_MNEMONIC_FILE'));
}
