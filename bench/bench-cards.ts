import { seedLoadCardsInto } from '../tools/dev/seed-load-cards';
import { DEMO } from '../tools/dev/demo-data';
import type { ReadyStack } from '../tools/dev/spawn-stack';

/** The demo card `npm start` seeds (DE2, DE14). */
export const DEMO_CARD = { pan: DEMO.cryptoCard.pan, expiry: DEMO.cryptoCard.expiry };

/** The demo merchant and a small amount: what every bench's authorizations carry besides the card. */
export const BENCH_LOAD = { merchants: [DEMO.merchant.merchantId], amount: '0.01', acquirerId: DEMO.merchant.acquirerId };

/**
 * `count` cards for the benches: the demo card and count − 1 more, each with a funded wallet of its
 * own (a network's traffic comes from many cardholders; one wallet's payments are nonce-ordered).
 */
export async function benchCards(ready: ReadyStack, count: number): Promise<{ pan: string; expiry: string }[]> {
  const more = await seedLoadCardsInto(
    {
      databaseUrl: ready.databaseUrl,
      rpcUrl: ready.rpcUrl,
      mnemonicFile: ready.appEnv.WALLET_MNEMONIC_FILE,
      panKeyFile: ready.appEnv.PAN_HMAC_KEY_FILE,
      tokenAddress: ready.seed.tokenAddress,
    },
    count - 1,
  );
  return [DEMO_CARD, ...more];
}
