import { randomUUID } from 'node:crypto';
import { toQuantity } from 'ethers';
import { decodeDe48 } from '@bridge/contracts';
import { IsoClient } from '../../tools/harness/iso-client';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { startSecondAuthorizer } from './support/second-authorizer';
import { startTestStack, type TestStack } from './support/test-stack';

/**
 * After the answer: the tracker follows each payment on the chain — a stuck transaction replaced, one
 * the node parks replaced within blocks, a reorged one re-sent, a reverted one flagged (real anvil, real
 * PostgreSQL, the real authorizer; settlement.e2e-spec.ts covers the engine's exactly-once).
 */
jest.setTimeout(180_000);

let stack: TestStack;
let chain: ChainReader;

beforeAll(async () => {
  stack = await startTestStack({ RESPONSE_DEADLINE_MS: '30000', TRACKER_POLL_MS: '200' });
  chain = new ChainReader(stack.rpcUrl, stack.seed.tokenAddress);
});

afterAll(async () => {
  chain?.destroy();
  await stack?.teardown();
});

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);

describe('the payment tracker after the answer', () => {
  it('a stuck transaction is replaced at the same nonce with higher fees; exactly one lands, the record shows which', async () => {
    const tracker = await startSecondAuthorizer(stack, { STUCK_AFTER_MS: '1000', TRACKER_POLL_MS: '200' });
    const client = tracker.client;
    try {
      await chain.rpc('evm_setAutomine', [false]);
      const fromBlock = await chain.provider.getBlockNumber();
      const answer = named(await client.request(demoAuthorization({ amount: '7.77' }), 10_000));
      expect(answer.responseCode).toBe('00');
      const first = decodeDe48(answer.additionalData)['03'];
      await eventually(
        async () =>
          (await sql(`SELECT 1 FROM payment_transactions t JOIN payment_transactions f ON f.payment_id = t.payment_id WHERE f.tx_hash = $1`, [first])).length >=
          2,
        15_000,
      );
      await chain.rpc('evm_setAutomine', [true]);
      await chain.rpc('evm_mine');
      const [row] = await sql<{ payment_id: string }>(`SELECT payment_id FROM payment_transactions WHERE tx_hash = $1`, [first]);
      await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE id = $1 AND status = 'CONFIRMED'`, [row.payment_id])).length === 1, 15_000);
      const [payment] = await sql<{ mined_tx_hash: string; tx_hash: string }>(`SELECT mined_tx_hash, tx_hash FROM payments WHERE id = $1`, [row.payment_id]);
      const all = await sql<{ tx_hash: string; status: string }>(`SELECT tx_hash, status FROM payment_attempts WHERE payment_id = $1 ORDER BY created_at`, [
        row.payment_id,
      ]);
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(all.filter((t) => t.status === 'MINED').map((t) => t.tx_hash)).toEqual([payment.mined_tx_hash]);
      expect(all.filter((t) => t.status === 'REPLACED')).toHaveLength(all.length - 1);
      expect(payment.mined_tx_hash).not.toBe(first); // the replacement, with the higher fee, won
      const landed = (await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1)).filter((v) => v === 7_770_000n);
      expect(landed).toHaveLength(1);
    } finally {
      await chain.rpc('evm_setAutomine', [true]);
      await tracker.stop();
    }
  });

  it('a transaction the node parks at the nonce the chain waits for is replaced within blocks, not after STUCK_AFTER_MS; the wallet’s later payments follow', async () => {
    const wallet = stack.seed.cardWallet;
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      const openOf = () => sql(`SELECT 1 FROM payments p JOIN wallets w ON w.id = p.wallet_id WHERE w.address = $1 AND p.open`, [wallet]);
      await eventually(async () => (await openOf()).length === 0, 15_000);
      const k = await chain.provider.getTransactionCount(wallet, 'latest');
      // The pool state anvil's race leaves (eth_sendRawTransaction reads the nonce, a block mines the
      // predecessor, then the pool takes the transaction as requiring that predecessor): here made on
      // purpose — the payment signed at k + 1 requires k, which never comes; then the chain's nonce is
      // moved to k + 1. The node holds it, the chain waits for its nonce, nothing will ever mine it.
      await sql(`UPDATE wallets SET next_nonce = $2 WHERE address = $1`, [wallet, k + 1]);
      const first = named(await client.request(demoAuthorization({ amount: '5.55' }), 10_000));
      await chain.rpc('anvil_setNonce', [wallet, toQuantity(k + 1)]);
      const second = named(await client.request(demoAuthorization({ amount: '5.56' }), 10_000));
      expect([first.responseCode, second.responseCode]).toEqual(['00', '00']);
      const hashes = [first, second].map((a) => decodeDe48(a.additionalData)['03']);
      for (let i = 0; i < 5; i++) await chain.rpc('evm_mine');
      expect(await chain.provider.getTransactionCount(wallet, 'latest')).toBe(k + 1); // parked: blocks go by without it
      expect((await chain.provider.getTransaction(hashes[0]))?.blockNumber).toBeNull();

      const ids = await sql<{ payment_id: string }>(`SELECT payment_id FROM payment_transactions WHERE tx_hash = ANY($1) ORDER BY created_at`, [hashes]);
      // STUCK_AFTER_MS is 30 s in this stack: 20 s, the chain making blocks, is the watch's doing alone.
      await eventually(
        async () => {
          await chain.rpc('evm_mine');
          const done = await sql(`SELECT 1 FROM payments WHERE id = ANY($1) AND status = 'CONFIRMED'`, [ids.map((r) => r.payment_id)]);
          return done.length === 2;
        },
        20_000,
        250,
      );
      const mined = await sql<{ nonce: string; mined_tx_hash: string }>(`SELECT nonce::text, mined_tx_hash FROM payments WHERE id = ANY($1) ORDER BY nonce`, [
        ids.map((r) => r.payment_id),
      ]);
      expect(mined.map((m) => Number(m.nonce))).toEqual([k + 1, k + 2]);
      expect(mined[0].mined_tx_hash).not.toBe(hashes[0]); // the parked one was replaced …
      expect(mined[1].mined_tx_hash).toBe(hashes[1]); // … and the one behind it mined as signed
      const landed = await chain.transfers(wallet, stack.seed.merchantAddress, 0);
      expect(landed.filter((v) => v === 5_550_000n)).toHaveLength(1);
      expect(landed.filter((v) => v === 5_560_000n)).toHaveLength(1);
      expect(stack.logs.some((l) => /parked \(the node holds it unmined/.test(l))).toBe(true);
    } finally {
      client.close();
    }
  });

  it('a payment whose block is reorged away goes back to SUBMITTED, is re-sent with the same bytes and confirmed again', async () => {
    const snapshot = await chain.rpc('evm_snapshot');
    const fromBlock = await chain.provider.getBlockNumber();
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const answer = named(await client.request(demoAuthorization({ amount: '6.66' })));
    client.close();
    const hash = decodeDe48(answer.additionalData)['03'];
    const confirmed = () => sql<{ confirmed_at: Date }>(`SELECT confirmed_at FROM payments WHERE tx_hash = $1 AND status = 'CONFIRMED'`, [hash]);
    await eventually(async () => (await confirmed()).length === 1, 15_000);
    const [before] = await confirmed();
    await chain.rpc('evm_revert', [snapshot]); // the block holding the payment leaves the chain
    await eventually(async () => {
      const rows = await confirmed();
      // Only our tracker can bring the transaction back (the node forgot it): a new confirmation proves it did.
      return rows.length === 1 && rows[0].confirmed_at.getTime() > before.confirmed_at.getTime();
    }, 20_000);
    const landed = (await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1)).filter((v) => v === 6_660_000n);
    expect(landed).toHaveLength(1);
    expect((await chain.provider.getTransactionReceipt(hash))?.status).toBe(1); // same hash: the stored raw transaction
  });

  it('a reverted transaction → FAILED, and the approved authorization is flagged for ops', async () => {
    // A merchant whose payout address makes the token revert (EIP-20 transfer to the zero address).
    const [merchant] = await sql<{ chain: string }>(`SELECT chain FROM merchants LIMIT 1`);
    await sql(
      `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address) VALUES ($1,'123456','REVERTMERCH0001','Reverting payout',$2,'USDC','FIXED',$3)`,
      [randomUUID(), merchant.chain, '0x0000000000000000000000000000000000000000'],
    );
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const answer = named(await client.request(demoAuthorization({ merchantId: 'REVERTMERCH0001' })));
    client.close();
    expect(answer.responseCode).toBe('00'); // broadcast accepted: the revert shows only on-chain
    const hash = decodeDe48(answer.additionalData)['03'];
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE tx_hash = $1 AND status = 'FAILED'`, [hash])).length === 1, 15_000);
    const [auth] = await sql(
      `SELECT a.status, a.needs_review, a.review_reason FROM authorizations a JOIN payments p ON p.authorization_id = a.id WHERE p.tx_hash = $1`,
      [hash],
    );
    expect(auth).toEqual({ status: 'APPROVED', needs_review: true, review_reason: 'PAYMENT_REVERTED' });
    expect((await chain.provider.getTransactionReceipt(hash))?.status).toBe(0);
  });
});
