import { JsonRpcProvider } from 'ethers';
import { luhnCheckDigit } from '@bridge/contracts';
import { CARD_WALLET_PATH, KeyStore, PanTokenizer } from '@bridge/runtime';
import { ANVIL_DEV_KEY, DEMO, DEV_CHAIN_ID } from './demo-data';
import { fundWallet } from './deploy-test-token';
import { runMigrations } from './run-migrations';
import { ensureCard, ensureWallet, type SeedInput } from './seed-demo-data';

/** Card wallets of the load cards start here (the demo card is index 0). */
const FIRST_WALLET_INDEX = 100;

/**
 * Extra custodial cards for load tests, each with its own wallet (funded on the dev chain like the
 * demo card): a card network's traffic comes from many cardholders, and each wallet's payments are
 * nonce-ordered on their own. Test PANs (BIN 476173, Luhn-valid), idempotent.
 */
export async function seedLoadCards(input: SeedInput & { tokenAddress: string }, count: number): Promise<{ pan: string; expiry: string }[]> {
  const provider = new JsonRpcProvider(input.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
  try {
    const chainId = (await provider.getNetwork()).chainId;
    if (chainId !== DEV_CHAIN_ID) throw new Error('load cards are funded from the dev chain: not on a dev chain');
    const cards: { pan: string; expiry: string }[] = [];
    for (let i = 0; i < count; i++) {
      const path = CARD_WALLET_PATH(FIRST_WALLET_INDEX + i);
      const address = input.keys.address(path);
      if ((await provider.getBalance(address)) === 0n)
        await fundWallet(provider, ANVIL_DEV_KEY, input.tokenAddress, address, DEMO.fundingUsdc, DEMO.fundingEth);
      const walletId = await ensureWallet(input.db, `eip155:${chainId}`, address, 'CUSTODIAL', path, null);
      const body = `476173900200${String(i).padStart(3, '0')}`;
      const pan = body + luhnCheckDigit(body);
      await ensureCard(input, pan, DEMO.cryptoCard.expiry, 'CRYPTO', walletId);
      cards.push({ pan, expiry: DEMO.cryptoCard.expiry });
    }
    return cards;
  } finally {
    provider.destroy();
  }
}

/** A running stack as seeding reaches it: its database and node, and the runner's secret files. */
export interface RunningStack {
  readonly databaseUrl: string;
  readonly rpcUrl: string;
  readonly mnemonicFile: string;
  readonly panKeyFile: string;
  readonly tokenAddress: string;
}

/** `seedLoadCards` into a running stack, on a database connection of its own. */
export async function seedLoadCardsInto(stack: RunningStack, count: number): Promise<{ pan: string; expiry: string }[]> {
  if (count <= 0) return [];
  const db = await runMigrations(stack.databaseUrl);
  try {
    const keys = KeyStore.fromMnemonicFile(stack.mnemonicFile);
    return await seedLoadCards({ db, rpcUrl: stack.rpcUrl, keys, tokenizer: PanTokenizer.fromFile(stack.panKeyFile), tokenAddress: stack.tokenAddress }, count);
  } finally {
    await db.destroy();
  }
}
