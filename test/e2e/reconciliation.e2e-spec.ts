import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import { decodeDe48 } from '@bridge/contracts';
import { CARD_WALLET_PATH, KeyStore } from '@bridge/runtime';
import { IsoClient } from '../../tools/harness/iso-client';
import { ANVIL_DEV_KEY, DEMO } from '../../tools/dev/demo-data';
import { deployArtifact, fundWallet } from '../../tools/dev/deploy-test-token';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { closeIsoStack } from './support/iso-stack';
import { startTestStack, type TestStack } from './support/test-stack';
import { rewindToReceived } from './support/rewind-to-received';

jest.setTimeout(180_000);

let stack: TestStack;
let chain: ChainReader;
let client: IsoClient;
const FEE_MERCHANT = 'RECONFEETOKEN1';
const FEE_BPS = 100n; // the fee token keeps 1 % of every transfer

// Payments not mined for 2 × 3 s are STUCK; the exchange has 3 s to credit; what a process left unanswered
// is closed 0.5 s after its deadline.
beforeAll(async () => {
  stack = await startTestStack({
    TRACKER_POLL_MS: '200',
    RESPONSE_DEADLINE_MS: '1500',
    STUCK_AFTER_MS: '3000',
    CREDIT_GRACE_MS: '3000',
    STALE_AUTHORIZATION_GRACE_MS: '500',
  });
  chain = new ChainReader(stack.rpcUrl, stack.seed.tokenAddress);
  await addFeeTokenMerchant();
  client = await IsoClient.connect('127.0.0.1', stack.isoPort);
});

afterAll(async () => {
  await closeIsoStack({ stack, chain, client });
});

/** A merchant paid in a fee-on-transfer token at a fixed address; the card wallet holds 1,000 of it. */
async function addFeeTokenMerchant(): Promise<void> {
  const token = await deployArtifact(chain.provider, ANVIL_DEV_KEY, 'TestFeeToken', [FEE_BPS]);
  await fundWallet(chain.provider, ANVIL_DEV_KEY, token, stack.seed.cardWallet, 1_000_000_000n, 0n);
  await sql(`INSERT INTO assets (chain, symbol, token_address, decimals) VALUES ($1,'FEE',$2,6)`, [stack.seed.chain, token]);
  await sql(`INSERT INTO fx_rates (currency_numeric, asset_symbol, rate, spread_bps) VALUES ('840','FEE','1',0)`);
  await sql(
    `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address) VALUES ($1,'123456',$2,'Fee token payout',$3,'FEE','FIXED',$4)`,
    [randomUUID(), FEE_MERCHANT, stack.seed.chain, Wallet.createRandom().address],
  );
}

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);
const idOf = async (stan: string) => (await sql<{ id: string }>(`SELECT id FROM authorizations WHERE stan = $1`, [stan]))[0].id;

/** Money moved from the card wallet by its key holder, not by the bridge (what reconciliation must catch). */
async function transferOutsideBridge(to: string, value: bigint): Promise<string> {
  const owner = KeyStore.fromMnemonicFile(join(stack.dataDir, 'secrets', 'wallet.mnemonic'))
    .signer(CARD_WALLET_PATH(0))
    .connect(chain.provider) as unknown as Wallet;
  const tx = await new Contract(stack.seed.tokenAddress, ['function transfer(address,uint256) returns (bool)'], owner).getFunction('transfer')(to, value);
  await tx.wait();
  return tx.hash as string;
}

/** POST /ops/reconciliation/run, then the run's items (GET /ops/reconciliation/runs/:id). */
async function reconcile(): Promise<{ summary: Summary; items: Item[]; classOf: (stan: string) => Promise<Item | undefined> }> {
  const res = await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.opsKeys.operator },
    body: '{}',
  });
  expect(res.status).toBe(201);
  const summary = (await res.json()) as Summary;
  const items = (await (
    await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/runs/${summary.runId}`, { headers: { 'x-api-key': stack.opsKeys.readOnly } })
  ).json()) as Item[];
  const classOf = async (stan: string) => {
    const id = await idOf(stan);
    return items.find((i) => i.authorization_id === id);
  };
  return { summary, items, classOf };
}

interface Summary {
  runId: string;
  sources: { exchange: string };
}

interface Item {
  authorization_id: string | null;
  tx_hash: string | null;
  classification: string;
  detail: { exchange: { credit: string; creditedAmount: string | null; notification: string | null } };
}

const exchangeHook = (behaviour: object) =>
  fetch(`${stack.referenceExchange}/_test/behaviour`, { method: 'POST', body: JSON.stringify(behaviour) }).then(
    (r) => r.json() as Promise<{ credits: { authorizationId: string; status: string }[] }>,
  );
const noOpenPayments = async () => (await sql(`SELECT 1 FROM payments WHERE status IN ('SIGNED','SUBMITTED')`)).length === 0;

describe('reconciliation with the exchange as third source (each class produced for real)', () => {
  it('amount mismatch, uncredited, paid after a 91, refund pending, approved unpaid, stuck; matched once refunds land and the block is mined', async () => {
    const feeToken = named(await client.request(demoAuthorization({ merchantId: FEE_MERCHANT, amount: '10.00' })));
    expect(feeToken.responseCode).toBe('00');
    const credited = named(await client.request(demoAuthorization({ merchantId: DEMO.exchangeMerchant.merchantId, amount: '6.00' })));
    expect(credited.responseCode).toBe('00');
    await eventually(async () => (await exchangeHook({})).credits.some((c) => c.status === 'CREDITED'), 30_000, 200);

    // The exchange acknowledges the webhooks but loses them: delivered on our side, never credited on theirs.
    await exchangeHook({ ignoreNotifications: true });
    const lost = named(await client.request(demoAuthorization({ merchantId: DEMO.exchangeMerchant.merchantId, amount: '7.00' })));
    expect(lost.responseCode).toBe('00');
    const lostId = await idOf(lost.stan);
    await eventually(
      async () => (await sql(`SELECT 1 FROM notification_deliveries WHERE authorization_id = $1 AND status = 'DELIVERED'`, [lostId])).length === 2,
      30_000,
      200,
    );
    await exchangeHook({ ignoreNotifications: false, holdRefunds: true });

    // A payment left on a RECEIVED row, as an earlier version's crash between its payment's commit and its
    // answer's write left it (this version commits both as one): the sweeper makes it a late approval, refunded.
    const late = named(await client.request(demoAuthorization({ merchantId: DEMO.exchangeMerchant.merchantId, amount: '8.00' }), 5_000));
    expect(late.responseCode).toBe('00');
    await rewindToReceived(stack.databaseUrl, late.stan);
    await eventually(async () => (await sql(`SELECT 1 FROM authorizations WHERE stan = $1 AND status = 'LATE_APPROVED'`, [late.stan])).length === 1);
    const lateId = await idOf(late.stan);
    await eventually(async () => (await sql(`SELECT 1 FROM refund_requests WHERE authorization_id = $1 AND last_error LIKE 'queued%'`, [lateId])).length === 1);
    await eventually(noOpenPayments);
    // Reversed (0400) while the exchange still holds refunds.
    const reversedRequest = demoAuthorization({ merchantId: DEMO.exchangeMerchant.merchantId, amount: '5.00' });
    const reversed = named(await client.request(reversedRequest));
    expect(reversed.responseCode).toBe('00');
    await eventually(noOpenPayments);
    expect(named(await client.request({ mti: '0400', fields: reversedRequest.fields })).responseCode).toBe('00');
    const reversedId = await idOf(reversed.stan);
    await eventually(
      async () => (await sql(`SELECT 1 FROM refund_requests WHERE authorization_id = $1 AND last_error LIKE 'queued%'`, [reversedId])).length === 1,
    );
    // A stand-in advice (0120) the wallet cannot cover: the network approved, nothing can be paid.
    const unpaid = named(await client.request({ mti: '0120', fields: demoAuthorization({ amount: '5000.00' }).fields }));
    expect(unpaid.responseCode).toBe('00');

    // Mining stops: the next payment is broadcast (00) but never mined.
    await chain.rpc('evm_setAutomine', [false]);
    const stuck = named(await client.request(demoAuthorization({ amount: '9.00' })));
    expect(stuck.responseCode).toBe('00');
    await new Promise((r) => setTimeout(r, 6_500)); // past 2 × STUCK_AFTER_MS and CREDIT_GRACE_MS

    const first = await reconcile();
    expect(first.summary.sources.exchange).toBe('OK');
    const fee = await first.classOf(feeToken.stan);
    expect(fee?.classification).toBe('AMOUNT_MISMATCH');
    expect(fee?.detail.exchange.credit).toBe('NOT_APPLICABLE'); // paid at a fixed address: no exchange behind it
    const ok = await first.classOf(credited.stan);
    expect(ok?.classification).toBe('MATCHED');
    expect(ok?.detail.exchange).toMatchObject({ credit: 'CREDITED', creditedAmount: decodeDe48(credited.additionalData)['04'], notification: 'DELIVERED' });
    expect((await first.classOf(lost.stan))?.detail.exchange).toMatchObject({ credit: 'NONE', notification: 'DELIVERED' });
    expect((await first.classOf(lost.stan))?.classification).toBe('UNCREDITED');
    expect((await first.classOf(late.stan))?.classification).toBe('PAID_NOT_APPROVED');
    expect((await first.classOf(reversed.stan))?.classification).toBe('REFUND_PENDING');
    expect((await first.classOf(unpaid.stan))?.classification).toBe('APPROVED_UNPAID');
    expect((await first.classOf(stuck.stan))?.classification).toBe('STUCK');

    // Mining resumes and the exchange releases the refund: both come back MATCHED.
    await chain.rpc('evm_setAutomine', [true]);
    await chain.rpc('evm_mine');
    await exchangeHook({ holdRefunds: false });
    await eventually(
      async () =>
        (await sql(`SELECT 1 FROM refund_requests WHERE authorization_id = ANY($1::uuid[]) AND status = 'CONFIRMED'`, [[lateId, reversedId]])).length === 2,
      60_000,
      250,
    );
    await eventually(noOpenPayments);
    const second = await reconcile();
    expect((await second.classOf(late.stan))?.classification).toBe('MATCHED');
    expect((await second.classOf(stuck.stan))?.classification).toBe('MATCHED');
    expect((await second.classOf(reversed.stan))?.classification).toBe('MATCHED');
    expect((await second.classOf(lost.stan))?.classification).toBe('UNCREDITED');
  });
});

// Runs after the exchange tests: its transfers outside the bridge take card-wallet nonces the bridge does not know about.
describe('reconciliation against the chain (each class produced for real on anvil)', () => {
  it('classifies matched, reverted, refund failed, double payment, paid outside the bridge; flags them for ops', async () => {
    const matched = named(await client.request(demoAuthorization({ amount: '1.11' })));
    const declined = named(await client.request(demoAuthorization({ expiry: '2001' })));
    // A payout address the token refuses (EIP-20 transfer to the zero address reverts).
    const [m] = await sql<{ chain: string }>(`SELECT chain FROM merchants LIMIT 1`);
    await sql(
      `INSERT INTO merchants (id, acquirer_id, merchant_id, name, chain, asset_symbol, address_mode, payout_address) VALUES ($1,'123456','RECONREVERT01','Reverting payout',$2,'USDC','FIXED',$3)`,
      [randomUUID(), m.chain, '0x0000000000000000000000000000000000000000'],
    );
    const reverted = named(await client.request(demoAuthorization({ merchantId: 'RECONREVERT01', amount: '3.33' })));
    // Reversed at a static-integration merchant: no exchange to refund through → refund FAILED.
    const reversedRequest = demoAuthorization({ amount: '4.44' });
    const reversed = named(await client.request(reversedRequest));
    await eventually(noOpenPayments);
    expect(named(await client.request({ mti: '0400', fields: reversedRequest.fields })).responseCode).toBe('00');
    const doubled = named(await client.request(demoAuthorization({ amount: '2.22' })));
    await eventually(noOpenPayments);
    await eventually(async () => (await sql(`SELECT 1 FROM refund_requests WHERE status = 'FAILED'`)).length === 1, 30_000);
    // After every bridge payment (the key holder's transfers take nonces the bridge does not know about):
    await transferOutsideBridge(stack.seed.merchantAddress, BigInt(decodeDe48(doubled.additionalData)['04']));
    const stray = await transferOutsideBridge(Wallet.createRandom().address, 770_000n);

    const { items, classOf: itemOf } = await reconcile();
    const classOf = async (stan: string) => (await itemOf(stan))?.classification;
    expect(await classOf(matched.stan)).toBe('MATCHED');
    expect(await classOf(declined.stan)).toBe('MATCHED');
    expect(await classOf(reverted.stan)).toBe('FAILED');
    expect(await classOf(reversed.stan)).toBe('REFUND_FAILED');
    expect(await classOf(doubled.stan)).toBe('DOUBLE_PAYMENT');
    expect(items.filter((i) => i.classification === 'PAID_OUTSIDE_BRIDGE').map((i) => i.tx_hash)).toEqual([stray]);
    const [flag] = await sql<{ needs_review: boolean; review_reason: string }>(`SELECT needs_review, review_reason FROM authorizations WHERE id = $1`, [
      await idOf(doubled.stan),
    ]);
    expect(flag).toEqual({ needs_review: true, review_reason: 'RECONCILIATION:DOUBLE_PAYMENT' });
    const readOnlyRun = await fetch(`http://127.0.0.1:${stack.httpPort}/ops/reconciliation/run`, {
      method: 'POST',
      headers: { 'x-api-key': stack.opsKeys.readOnly },
    });
    expect(readOnlyRun.status).toBe(403);

    // The exchange down: the run still classifies on our records and the chain, and says what it could not read.
    await exchangeHook({ failNext: 1_000 });
    try {
      const blind = await reconcile();
      expect(blind.summary.sources.exchange).toMatch(/^UNAVAILABLE: /);
      expect((await blind.classOf(doubled.stan))?.classification).toBe('DOUBLE_PAYMENT');
      expect((await blind.classOf(matched.stan))?.detail.exchange.credit).toBe('UNAVAILABLE');
    } finally {
      await exchangeHook({ failNext: 0 });
    }
  });
});
