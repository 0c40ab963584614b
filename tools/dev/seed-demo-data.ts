import { randomUUID } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import type { DataSource } from 'typeorm';
import { CARD_WALLET_PATH, EXCHANGE_PAYOUT_PATH, type KeyStore, type PanTokenizer } from '@bridge/runtime';
import { ANVIL_DEV_KEY, DEMO, DEV_CHAIN_ID } from './demo-data';
import { deployTestToken, fundWallet } from './deploy-test-token';

export interface SeedInput {
  readonly db: DataSource;
  readonly rpcUrl: string;
  readonly keys: KeyStore;
  readonly tokenizer: PanTokenizer;
  /** An existing USDC contract (RPC_URL on a non-dev chain); otherwise one is deployed. */
  readonly tokenAddress?: string;
}

export interface SeedResult {
  readonly chain: string;
  readonly tokenAddress: string;
  readonly cardWallet: string;
  readonly merchantAddress: string;
}

/** Idempotent demo seed: token (deployed and funded on a dev chain), wallets, cards, merchant, rates. */
export async function seedDemoData(input: SeedInput): Promise<SeedResult> {
  const provider = new JsonRpcProvider(input.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const chainId = (await provider.getNetwork()).chainId;
    const chain = `eip155:${chainId}`;
    const cardWallet = input.keys.address(CARD_WALLET_PATH(DEMO.cryptoCard.walletIndex));
    const merchantAddress = input.keys.address(EXCHANGE_PAYOUT_PATH(DEMO.merchant.payoutIndex));
    const tokenAddress = await ensureToken(input, provider, chain, chainId, cardWallet);
    const walletId = await ensureWallet(input.db, chain, cardWallet, CARD_WALLET_PATH(DEMO.cryptoCard.walletIndex));
    await ensureCard(input, DEMO.cryptoCard.pan, DEMO.cryptoCard.expiry, 'CRYPTO', walletId);
    await ensureCard(input, DEMO.fiatCard.pan, DEMO.fiatCard.expiry, 'FIAT', null);
    await input.db.query(
      `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address)
       VALUES ($1,$2,$3,$4,$5,'USDC','FIXED',$6) ON CONFLICT (acquirer_id, merchant_id) DO UPDATE SET chain = EXCLUDED.chain, payout_address = EXCLUDED.payout_address`,
      [randomUUID(), DEMO.merchant.acquirerId, DEMO.merchant.merchantId, DEMO.merchant.name, chain, merchantAddress],
    );
    for (const r of DEMO.rates) {
      await input.db.query(`INSERT INTO fx_rates (currency_numeric, asset_symbol, rate, spread_bps) VALUES ($1,'USDC',$2,$3) ON CONFLICT DO NOTHING`, [
        r.currencyNumeric,
        r.rate,
        r.spreadBps,
      ]);
    }
    return { chain, tokenAddress, cardWallet, merchantAddress };
  } finally {
    provider.destroy();
  }
}

async function ensureToken(input: SeedInput, provider: JsonRpcProvider, chain: string, chainId: bigint, cardWallet: string): Promise<string> {
  const [row] = (await input.db.query(`SELECT token_address FROM assets WHERE chain = $1 AND symbol = 'USDC'`, [chain])) as { token_address: string }[];
  if (row && (await provider.getCode(row.token_address)) !== '0x') return row.token_address;
  let token = input.tokenAddress;
  if (!token) {
    if (chainId !== DEV_CHAIN_ID) throw new Error(`chain ${chain} is not a dev chain: set USDC_TOKEN_ADDRESS`);
    token = await deployTestToken(provider, ANVIL_DEV_KEY);
    await fundWallet(provider, ANVIL_DEV_KEY, token, cardWallet, DEMO.fundingUsdc, DEMO.fundingEth);
    if (row) await resetAfterChainLoss(input.db, chain, provider);
  }
  await input.db.query(
    `INSERT INTO assets (chain, symbol, token_address, decimals) VALUES ($1,'USDC',$2,6) ON CONFLICT (chain, symbol) DO UPDATE SET token_address = EXCLUDED.token_address`,
    [chain, token],
  );
  return token;
}

/** The dev chain was wiped (no state file): open payments can never land; nonces restart from the chain. */
async function resetAfterChainLoss(db: DataSource, chain: string, provider: JsonRpcProvider): Promise<void> {
  await db.query(`UPDATE payments SET status = 'FAILED' WHERE chain = $1 AND status IN ('SIGNED','SUBMITTED')`, [chain]);
  const wallets = (await db.query(`SELECT id, address FROM wallets WHERE chain = $1`, [chain])) as { id: string; address: string }[];
  for (const w of wallets) await db.query(`UPDATE wallets SET next_nonce = $2 WHERE id = $1`, [w.id, await provider.getTransactionCount(w.address, 'pending')]);
}

async function ensureWallet(db: DataSource, chain: string, address: string, keyPath: string): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO wallets (id, chain, address, custody, key_path, next_nonce) VALUES ($1,$2,$3,'CUSTODIAL',$4,0)
     ON CONFLICT (chain, address) DO UPDATE SET key_path = EXCLUDED.key_path RETURNING id`,
    [randomUUID(), chain, address, keyPath],
  )) as { id: string }[];
  return row.id;
}

async function ensureCard(input: SeedInput, pan: string, expiry: string, funding: 'CRYPTO' | 'FIAT', walletId: string | null): Promise<void> {
  await input.db.query(
    `INSERT INTO card_accounts (id, pan_token, pan_last4, expiry, funding, wallet_id) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (pan_token) DO UPDATE SET wallet_id = EXCLUDED.wallet_id, funding = EXCLUDED.funding`,
    [randomUUID(), input.tokenizer.token(pan), pan.slice(-4), expiry, funding, walletId],
  );
}
