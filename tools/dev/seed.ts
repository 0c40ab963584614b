import 'reflect-metadata';
import { ensureLocalSecrets, EnvReader, KeyStore, PanTokenizer, redactUrl } from '@bridge/runtime';
import { runMigrations } from './run-migrations';
import { seedDemoData } from './seed-demo-data';

/** `node dist/tools/dev/seed.js`: migrations + demo seed against DATABASE_URL / RPC_URL (docker compose). */
async function main(): Promise<void> {
  const env = new EnvReader();
  const databaseUrl = env.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const rpcUrl = env.url('RPC_URL', ['http:', 'https:']);
  const secrets = ensureLocalSecrets(env.string('DATA_DIR', '.data'));
  const db = await runMigrations(databaseUrl);
  try {
    const seed = await seedDemoData({
      db,
      rpcUrl,
      keys: KeyStore.fromMnemonicFile(env.string('WALLET_MNEMONIC_FILE', secrets.mnemonicFile)),
      tokenizer: PanTokenizer.fromFile(env.string('PAN_HMAC_KEY_FILE', secrets.panHmacKeyFile)),
      tokenAddress: env.optional('USDC_TOKEN_ADDRESS'),
    });
    console.log(`seeded ${redactUrl(databaseUrl)} on ${seed.chain}: USDC ${seed.tokenAddress}, card wallet ${seed.cardWallet}`);
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(`seed failed: ${(e as Error).message}`);
  process.exit(1);
});
