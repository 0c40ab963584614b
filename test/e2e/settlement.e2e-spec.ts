import { join } from 'node:path';
import { decodeDe48 } from '@bridge/contracts';
import { PanTokenizer } from '@bridge/runtime';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { seedLoadCardsInto } from '../../tools/dev/seed-load-cards';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { burst } from './support/burst';
import { query } from './support/query';
import { startSecondAuthorizer } from './support/second-authorizer';
import { startTestStack, type TestStack } from './support/test-stack';
import { receiptOf } from './support/receipt-of';

jest.setTimeout(180_000);

let stack: TestStack;
let chain: ChainReader;

// A long deadline: these tests are about exactly-once and nonces under load, not latency.
beforeAll(async () => {
  stack = await startTestStack({ RESPONSE_DEADLINE_MS: '30000', TRACKER_POLL_MS: '200' });
  chain = new ChainReader(stack.rpcUrl, stack.seed.tokenAddress);
});

afterAll(async () => {
  chain?.destroy();
  await stack?.teardown();
});

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);

async function cardNonces(): Promise<number[]> {
  const rows = await sql<{ nonce: string }>(`SELECT p.nonce::text FROM payments p JOIN wallets w ON w.id = p.wallet_id WHERE w.address = $1 ORDER BY p.nonce`, [
    stack.seed.cardWallet,
  ]);
  return rows.map((r) => Number(r.nonce));
}

const dense = (nonces: number[]) => nonces.every((n, i) => n === nonces[0] + i);

describe('settlement engine on one wallet (real anvil, real PostgreSQL)', () => {
  it('500 concurrent authorizations: 500 transactions, nonces dense, every credit exact, debits == credits', async () => {
    const clients = await Promise.all(Array.from({ length: 10 }, () => IsoClient.connect('127.0.0.1', stack.isoPort)));
    const fromBlock = await chain.provider.getBlockNumber();
    const cardBefore = await chain.balance(stack.seed.cardWallet);
    const merchantBefore = await chain.balance(stack.seed.merchantAddress);
    const answers = await burst(clients, 500, { amount: '0.50' });
    clients.forEach((c) => c.close());
    expect(answers.filter((a) => a.responseCode === '00')).toHaveLength(500);
    const hashes = answers.map((a) => decodeDe48(a.additionalData)['03']);
    expect(new Set(hashes).size).toBe(500);
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE status <> 'CONFIRMED'`)).length === 0, 90_000);
    const nonces = await cardNonces();
    expect(nonces).toHaveLength(500);
    expect(dense(nonces)).toBe(true);
    const credits = await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1);
    expect(credits).toHaveLength(500);
    expect(credits.every((v) => v === 500_000n)).toBe(true);
    const debited = cardBefore - (await chain.balance(stack.seed.cardWallet));
    const credited = (await chain.balance(stack.seed.merchantAddress)) - merchantBefore;
    expect(debited).toBe(250_000_000n);
    expect(credited).toBe(debited);
  });

  it('two authorizer processes on one database and one wallet: 200 authorizations, no nonce clash, no double payment', async () => {
    const second = await startSecondAuthorizer(stack, {});
    try {
      const a = await Promise.all(Array.from({ length: 4 }, () => IsoClient.connect('127.0.0.1', stack.isoPort)));
      const b = await Promise.all(Array.from({ length: 4 }, () => IsoClient.connect('127.0.0.1', second.isoPort)));
      const fromBlock = await chain.provider.getBlockNumber();
      const before = (await cardNonces()).length;
      const answers = (await Promise.all([burst(a, 100, { amount: '0.25' }), burst(b, 100, { amount: '0.25' })])).flat();
      [...a, ...b].forEach((c) => c.close());
      expect(answers.filter((x) => x.responseCode === '00')).toHaveLength(200);
      await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE status <> 'CONFIRMED'`)).length === 0, 90_000);
      const nonces = await cardNonces();
      expect(nonces).toHaveLength(before + 200);
      expect(dense(nonces)).toBe(true);
      expect(await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1)).toHaveLength(200);
    } finally {
      await second.stop();
    }
  });
});

describe('delegated funding (ERC-20 allowance, transferFrom) and the native coin', () => {
  it('allowance too low → 51 with nothing sent; enough → paid by the spender with transferFrom', async () => {
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const holder = stack.seed.delegatedWallet;
    const before = { balance: await chain.balance(holder), allowance: await chain.allowance(holder, stack.seed.spenderWallet) };
    const tooMuch = named(await client.request(demoAuthorization({ pan: DEMO.delegatedCard.pan, expiry: DEMO.delegatedCard.expiry, amount: '150.00' })));
    expect(tooMuch.responseCode).toBe('51'); // 500 USDC held, but only 100 approved
    const ok = named(await client.request(demoAuthorization({ pan: DEMO.delegatedCard.pan, expiry: DEMO.delegatedCard.expiry, amount: '50.00' })));
    client.close();
    expect(ok.responseCode).toBe('00');
    const hash = decodeDe48(ok.additionalData)['03'];
    const tx = await chain.provider.getTransaction(hash);
    expect(tx?.from.toLowerCase()).toBe(stack.seed.spenderWallet.toLowerCase());
    expect(tx?.data.slice(0, 10)).toBe('0x23b872dd'); // transferFrom(address,address,uint256)
    await receiptOf(chain.provider, hash);
    expect(before.balance - (await chain.balance(holder))).toBe(50_000_000n);
    expect(before.allowance - (await chain.allowance(holder, stack.seed.spenderWallet))).toBe(50_000_000n);
  });

  it('a merchant paid in the native coin (ETH) gets exactly DE48 04 wei', async () => {
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const before = await chain.provider.getBalance(stack.seed.ethMerchantAddress);
    const answer = named(await client.request(demoAuthorization({ merchantId: DEMO.ethMerchant.merchantId, amount: '10.00' })));
    client.close();
    expect(answer.responseCode).toBe('00');
    const de48 = decodeDe48(answer.additionalData);
    expect(de48['05']).toBe('ETH');
    expect(de48['04']).toBe('4020000000000000'); // 10 USD × 0.0004 ETH × 1.005 spread, in wei
    await receiptOf(chain.provider, de48['03']);
    expect((await chain.provider.getBalance(stack.seed.ethMerchantAddress)) - before).toBe(BigInt(de48['04']));
  });
});

describe('one transaction across wallets (many cards at once)', () => {
  it('bursts over 6 custodial cards and the delegated card: every wallet’s nonces dense, every payment exactly once on the chain', async () => {
    const secrets = join(stack.dataDir, 'secrets');
    const loadCards = await seedLoadCardsInto(
      {
        databaseUrl: stack.databaseUrl,
        rpcUrl: stack.rpcUrl,
        mnemonicFile: join(secrets, 'wallet.mnemonic'),
        panKeyFile: join(secrets, 'pan-hmac.key'),
        tokenAddress: stack.seed.tokenAddress,
      },
      5,
    );
    const tokenizer = PanTokenizer.fromFile(join(secrets, 'pan-hmac.key'));
    const cards = [DEMO.cryptoCard, ...loadCards, DEMO.delegatedCard];
    const signers = await sql<{ card: string; address: string; before: string }>(
      `SELECT c.pan_last4 AS card, w.address, w.next_nonce::text AS before FROM card_accounts c JOIN wallets f ON f.id = c.wallet_id
         JOIN wallets w ON w.id = COALESCE(f.spender_wallet_id, f.id) WHERE c.pan_token = ANY($1)`,
      [cards.map((c) => tokenizer.token(c.pan))],
    );
    expect(signers).toHaveLength(cards.length);
    const clients = await Promise.all(Array.from({ length: 8 }, () => IsoClient.connect('127.0.0.1', stack.isoPort)));
    const fromBlock = await chain.provider.getBlockNumber();
    const perCard = 30;
    const requests = Array.from({ length: perCard * cards.length }, (_, i) => {
      const card = cards[i % cards.length];
      return demoAuthorization({ pan: card.pan, expiry: card.expiry, amount: '0.05' });
    });
    const answers = await Promise.all(requests.map((r, i) => clients[i % clients.length].request(r, 60_000).then(named)));
    clients.forEach((c) => c.close());
    expect(answers.filter((a) => a.responseCode === '00')).toHaveLength(requests.length);
    // (earlier tests leave a reverted payment FAILED: wait for the open ones only)
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE open`)).length === 0, 90_000);
    for (const s of signers) {
      const nonces = (
        await sql<{ nonce: string }>(
          `SELECT p.nonce::text FROM payments p JOIN wallets w ON w.id = p.wallet_id WHERE w.address = $1 AND p.nonce >= $2 ORDER BY p.nonce`,
          [s.address, s.before],
        )
      ).map((r) => Number(r.nonce));
      expect({ card: s.card, count: nonces.length, dense: dense(nonces), first: nonces[0] }).toEqual({
        card: s.card,
        count: perCard,
        dense: true,
        first: Number(s.before),
      });
    }
    // The chain's own transfer logs: each card's funds moved to the merchant exactly perCard times.
    for (const card of [stack.seed.cardWallet, stack.seed.delegatedWallet]) {
      const credits = await chain.transfers(card, stack.seed.merchantAddress, fromBlock + 1);
      expect(credits).toHaveLength(perCard);
      expect(credits.every((v) => v === 50_000n)).toBe(true);
    }
  });
});
