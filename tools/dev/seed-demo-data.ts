import { randomUUID } from 'node:crypto';
import { JsonRpcProvider } from 'ethers';
import type { DataSource } from 'typeorm';
import { CARD_WALLET_PATH, DEMO_HOLDER_PATH, EXCHANGE_PAYOUT_PATH, SPENDER_PATH, type KeyStore, type PanTokenizer } from '@bridge/runtime';
import { ANVIL_DEV_KEY, DEMO, DEV_CHAIN_ID } from './demo-data';
import { approveSpender, deployTestToken, fundWallet } from './deploy-test-token';

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
  readonly ethMerchantAddress: string;
  readonly delegatedWallet: string;
  readonly spenderWallet: string;
}

/**
 * Idempotent demo seed: the token (deployed on a dev chain), the custodial, delegated and fiat cards,
 * the USDC and ETH merchants, FX rates. On a dev chain, empty demo wallets are funded.
 */
export async function seedDemoData(input: SeedInput): Promise<SeedResult> {
  // Receipts polled every 100 ms (ethers' default 4 s would dominate a start on an interval-mined chain).
  const provider = new JsonRpcProvider(input.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 100 });
  try {
    const chainId = (await provider.getNetwork()).chainId;
    const chain = `eip155:${chainId}`;
    const a = {
      card: input.keys.address(CARD_WALLET_PATH(DEMO.cryptoCard.walletIndex)),
      holder: input.keys.address(DEMO_HOLDER_PATH(DEMO.delegatedCard.holderIndex)),
      spender: input.keys.address(SPENDER_PATH(DEMO.delegatedCard.spenderIndex)),
      merchant: input.keys.address(EXCHANGE_PAYOUT_PATH(DEMO.merchant.payoutIndex)),
      ethMerchant: input.keys.address(EXCHANGE_PAYOUT_PATH(DEMO.ethMerchant.payoutIndex)),
    };
    const token = await ensureToken(input, provider, chain, chainId);
    await input.db.query(`INSERT INTO assets (chain, symbol, token_address, decimals) VALUES ($1,'ETH',NULL,18) ON CONFLICT DO NOTHING`, [chain]);
    if (chainId === DEV_CHAIN_ID) await fundDemoWallets(input, provider, token, a);
    const cardWalletId = await ensureWallet(input.db, chain, a.card, 'CUSTODIAL', CARD_WALLET_PATH(DEMO.cryptoCard.walletIndex), null);
    const spenderId = await ensureWallet(input.db, chain, a.spender, 'CUSTODIAL', SPENDER_PATH(DEMO.delegatedCard.spenderIndex), null);
    const holderId = await ensureWallet(input.db, chain, a.holder, 'DELEGATED', null, spenderId); // the bridge holds no key for it
    await ensureCard(input, DEMO.cryptoCard.pan, DEMO.cryptoCard.expiry, 'CRYPTO', cardWalletId);
    await ensureCard(input, DEMO.delegatedCard.pan, DEMO.delegatedCard.expiry, 'CRYPTO', holderId);
    await ensureCard(input, DEMO.fiatCard.pan, DEMO.fiatCard.expiry, 'FIAT', null);
    await ensureMerchant(input.db, DEMO.merchant, chain, 'USDC', a.merchant);
    await ensureMerchant(input.db, DEMO.ethMerchant, chain, 'ETH', a.ethMerchant);
    for (const m of [DEMO.exchangeMerchant, DEMO.silentExchangeMerchant]) await ensureExchangeMerchant(input.db, m, chain);
    for (const r of DEMO.rates) await ensureRate(input.db, r, 'USDC');
    for (const r of DEMO.ethRates) await ensureRate(input.db, r, 'ETH');
    return {
      chain,
      tokenAddress: token,
      cardWallet: a.card,
      merchantAddress: a.merchant,
      ethMerchantAddress: a.ethMerchant,
      delegatedWallet: a.holder,
      spenderWallet: a.spender,
    };
  } finally {
    provider.destroy();
  }
}

async function ensureToken(input: SeedInput, provider: JsonRpcProvider, chain: string, chainId: bigint): Promise<string> {
  const [row] = (await input.db.query(`SELECT token_address FROM assets WHERE chain = $1 AND symbol = 'USDC'`, [chain])) as { token_address: string }[];
  if (row && (await provider.getCode(row.token_address)) !== '0x') return row.token_address;
  let token = input.tokenAddress;
  if (!token) {
    if (chainId !== DEV_CHAIN_ID) throw new Error(`chain ${chain} is not a dev chain: set USDC_TOKEN_ADDRESS`);
    token = await deployTestToken(provider, ANVIL_DEV_KEY);
    if (row) await resetAfterChainLoss(input.db, chain, provider);
  }
  await input.db.query(
    `INSERT INTO assets (chain, symbol, token_address, decimals) VALUES ($1,'USDC',$2,6) ON CONFLICT (chain, symbol) DO UPDATE SET token_address = EXCLUDED.token_address`,
    [chain, token],
  );
  return token;
}

/** Funds each demo wallet once (when it holds nothing): 1,000 USDC + 10 ETH for the card, an allowance for the delegated one. */
async function fundDemoWallets(
  input: SeedInput,
  provider: JsonRpcProvider,
  token: string,
  a: { card: string; holder: string; spender: string; merchant: string },
): Promise<void> {
  const empty = async (address: string) => (await provider.getBalance(address)) === 0n;
  if (await empty(a.card)) await fundWallet(provider, ANVIL_DEV_KEY, token, a.card, DEMO.fundingUsdc, DEMO.fundingEth);
  if (await empty(a.spender)) await fundWallet(provider, ANVIL_DEV_KEY, token, a.spender, 0n, DEMO.fundingEth);
  // The exchange's hot wallet (also the USDC merchant's payout): refund inventory and gas.
  if (await empty(a.merchant)) await fundWallet(provider, ANVIL_DEV_KEY, token, a.merchant, DEMO.fundingUsdc, DEMO.holderEth);
  if (await empty(a.holder)) {
    await fundWallet(provider, ANVIL_DEV_KEY, token, a.holder, DEMO.delegatedFundingUsdc, DEMO.holderEth);
    await approveSpender(
      provider,
      input.keys.signer(DEMO_HOLDER_PATH(DEMO.delegatedCard.holderIndex)).privateKey,
      token,
      a.spender,
      DEMO.delegatedAllowanceUsdc,
    );
  }
}

/** The dev chain was wiped (no state file): open payments can never land; nonces restart from the chain. */
async function resetAfterChainLoss(db: DataSource, chain: string, provider: JsonRpcProvider): Promise<void> {
  await db.query(`UPDATE payments SET status = 'FAILED', failure_reason = 'dev chain reset' WHERE chain = $1 AND status IN ('SIGNED','SUBMITTED')`, [chain]);
  const wallets = (await db.query(`SELECT id, address FROM wallets WHERE chain = $1`, [chain])) as { id: string; address: string }[];
  for (const w of wallets) await db.query(`UPDATE wallets SET next_nonce = $2 WHERE id = $1`, [w.id, await provider.getTransactionCount(w.address, 'pending')]);
}

export async function ensureWallet(
  db: DataSource,
  chain: string,
  address: string,
  custody: 'CUSTODIAL' | 'DELEGATED',
  keyPath: string | null,
  spenderId: string | null,
): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO wallets (id, chain, address, custody, key_path, spender_wallet_id, next_nonce) VALUES ($1,$2,$3,$4,$5,$6,0)
     ON CONFLICT (chain, address) DO UPDATE SET key_path = EXCLUDED.key_path, spender_wallet_id = EXCLUDED.spender_wallet_id RETURNING id`,
    [randomUUID(), chain, address, custody, keyPath, spenderId],
  )) as { id: string }[];
  return row.id;
}

export async function ensureCard(input: SeedInput, pan: string, expiry: string, funding: 'CRYPTO' | 'FIAT', walletId: string | null): Promise<void> {
  await input.db.query(
    `INSERT INTO card_accounts (id, pan_token, pan_last4, expiry, funding, wallet_id) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (pan_token) DO UPDATE SET wallet_id = EXCLUDED.wallet_id, funding = EXCLUDED.funding`,
    [randomUUID(), input.tokenizer.token(pan), pan.slice(-4), expiry, funding, walletId],
  );
}

async function ensureMerchant(
  db: DataSource,
  m: { acquirerId: string; merchantId: string; name: string },
  chain: string,
  asset: string,
  payout: string,
): Promise<void> {
  await db.query(
    `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address)
     VALUES ($1,$2,$3,$4,$5,$6,'FIXED',$7) ON CONFLICT (acquirer_id, merchant_id) DO UPDATE SET chain = EXCLUDED.chain, payout_address = EXCLUDED.payout_address`,
    [randomUUID(), m.acquirerId, m.merchantId, m.name, chain, asset, payout],
  );
}

/** A merchant the reference exchange serves (HTTP integration): a quote and a fresh deposit address per payment. */
async function ensureExchangeMerchant(db: DataSource, m: { acquirerId: string; merchantId: string; name: string }, chain: string): Promise<void> {
  await db.query(
    `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, integration) VALUES ($1,$2,$3,$4,$5,'USDC','EXCHANGE','HTTP')
     ON CONFLICT (acquirer_id, merchant_id) DO UPDATE SET chain = EXCLUDED.chain`,
    [randomUUID(), m.acquirerId, m.merchantId, m.name, chain],
  );
}

async function ensureRate(db: DataSource, r: { currencyNumeric: string; rate: string; spreadBps: number }, asset: string): Promise<void> {
  await db.query(`INSERT INTO fx_rates (currency_numeric, asset_symbol, rate, spread_bps) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`, [
    r.currencyNumeric,
    asset,
    r.rate,
    r.spreadBps,
  ]);
}
