import { seedLoadCardsInto } from '../tools/dev/seed-load-cards';
import type { ReadyStack } from '../tools/dev/spawn-stack';

/** The demo card `npm start` seeds (DE2, DE14). */
export const DEMO_CARD = { pan: '4761739001010119', expiry: '3012' };

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
