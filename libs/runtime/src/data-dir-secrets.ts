import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Mnemonic } from 'ethers';

export interface LocalSecrets {
  readonly panHmacKeyFile: string;
  readonly mnemonicFile: string;
  /** Shared secret of the adapter ↔ reference exchange HMAC signatures. */
  readonly exchangeHmacSecretFile: string;
  /** Demo ops API keys (operator and read-only); only their SHA-256 goes to the database. */
  readonly opsOperatorKeyFile: string;
  readonly opsReadOnlyKeyFile: string;
}

/**
 * Embedded defaults only: a PAN HMAC key and a wallet mnemonic generated once into the
 * (git-ignored) data folder, readable by the owner only. Production passes its own.
 */
export function ensureLocalSecrets(dataDir: string): LocalSecrets {
  const dir = join(dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const panHmacKeyFile = join(dir, 'pan-hmac.key');
  const mnemonicFile = join(dir, 'wallet.mnemonic');
  if (!existsSync(panHmacKeyFile)) writeFileSync(panHmacKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const exchangeHmacSecretFile = join(dir, 'exchange-hmac.secret');
  if (!existsSync(exchangeHmacSecretFile)) writeFileSync(exchangeHmacSecretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  if (!existsSync(mnemonicFile)) writeFileSync(mnemonicFile, Mnemonic.fromEntropy(randomBytes(16)).phrase, { mode: 0o600 });
  const opsOperatorKeyFile = join(dir, 'ops-operator.key');
  const opsReadOnlyKeyFile = join(dir, 'ops-readonly.key');
  for (const f of [opsOperatorKeyFile, opsReadOnlyKeyFile])
    if (!existsSync(f)) writeFileSync(f, `ops_${randomBytes(24).toString('base64url')}`, { mode: 0o600 });
  return { panHmacKeyFile, mnemonicFile, exchangeHmacSecretFile, opsOperatorKeyFile, opsReadOnlyKeyFile };
}
