import { EnvReader, KeyStore, loadKeyStore } from '@bridge/runtime';

/** Injection token for the custodial key store (mnemonic file or encrypted keystore). */
export const KEY_STORE = Symbol('KEY_STORE');

export const keyStoreProvider = {
  provide: KEY_STORE,
  useFactory: (): Promise<KeyStore> => loadKeyStore(new EnvReader()),
};
