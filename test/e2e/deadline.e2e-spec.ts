import { JsonRpcProvider } from 'ethers';
import { buildReversal } from '../../tools/harness/build-messages';
import { IsoClient } from '../../tools/harness/iso-client';
import { journalEntryOf } from '../../tools/harness/journal-entry-of';
import { demoAuthorization, named, nextStan } from './support/iso-fixtures';
import { minedStatusOf } from './support/mined-status-of';
import { query } from './support/query';
import { SlowRpcProxy } from './support/slow-rpc-proxy';
import { startSecondAuthorizer, type SecondAuthorizer } from './support/second-authorizer';
import { startTestStack, type TestStack } from './support/test-stack';
import { paymentInsertHeld, withTrigger } from './support/with-trigger';
import { receiptOf } from './support/receipt-of';

jest.setTimeout(120_000);

let stack: TestStack;
let proxy: SlowRpcProxy;
let proxyUrl: string;
let authorizer: SecondAuthorizer;
let client: SecondAuthorizer['client'];

// A second authorizer whose chain RPC goes through a proxy that can be made slow per method.
beforeAll(async () => {
  stack = await startTestStack();
  proxy = new SlowRpcProxy(stack.rpcUrl);
  proxyUrl = await proxy.start();
  authorizer = await startSecondAuthorizer(stack, { RPC_URL: proxyUrl, RESPONSE_DEADLINE_MS: '1500' });
  client = authorizer.client;
});

afterAll(async () => {
  await authorizer?.stop();
  await proxy?.stop();
  await stack?.teardown();
});

afterEach(() => {
  proxy.delay('eth_call', 0);
  proxy.delay('eth_sendRawTransaction', 0);
});

async function authorizationOf(stan: string) {
  const [row] = await query<{ id: string; status: string; response_code: string; needs_review: boolean; review_reason: string | null }>(
    stack.databaseUrl,
    `SELECT id, status, response_code, needs_review, review_reason FROM authorizations WHERE stan = $1`,
    [stan],
  );
  return row;
}

/** The row once the pipeline has finished behind the 91 (it goes on after the answer). */
async function settledRow(stan: string) {
  let row = await authorizationOf(stan);
  for (let i = 0; i < 150 && row.status === 'RECEIVED'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    row = await authorizationOf(stan);
  }
  return row;
}

describe('response deadline (1,500 ms) with a slow chain', () => {
  it('chain slow before the payment is persisted: 91 on time, and nothing is ever paid', async () => {
    proxy.delay('eth_call', 2_500); // the funds check reads the balance
    const request = demoAuthorization();
    const started = Date.now();
    const answer = named(await client.request(request, 5_000));
    const elapsed = Date.now() - started;
    expect(answer.responseCode).toBe('91');
    expect(elapsed).toBeGreaterThanOrEqual(1_450);
    expect(elapsed).toBeLessThan(1_700);
    const row = await settledRow(answer.stan); // let the slow steps finish
    expect(row).toMatchObject({ status: 'DECLINED', response_code: '91' });
    expect(await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
  });

  it('broadcast slow after the approval committed with its payment: that 00 on time, APPROVED, paid once, no refund', async () => {
    proxy.delay('eth_sendRawTransaction', 2_500);
    const request = demoAuthorization({ amount: '4.00' });
    const started = Date.now();
    const answer = named(await client.request(request, 5_000));
    // The approval and its payment are one commit; the network gets it at the deadline, not a 91 that would
    // contradict the recorded approval (the payment is persisted: the broadcast, or the tracker, sends it).
    expect(answer.responseCode).toBe('00');
    expect(Date.now() - started).toBeLessThan(1_700);
    const row = await authorizationOf(answer.stan);
    expect(row).toMatchObject({ status: 'APPROVED', response_code: '00', needs_review: false });
    const [payment] = await query<{ tx_hash: string }>(stack.databaseUrl, `SELECT tx_hash FROM payments WHERE authorization_id = $1`, [row.id]);
    expect(answer.additionalData).toContain(payment.tx_hash.slice(2)); // DE48 names the transaction that moves the money
    const provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true });
    const receipt = await receiptOf(provider, payment.tx_hash);
    provider.destroy();
    expect(receipt.status).toBe(1);
    expect(await query(stack.databaseUrl, `SELECT 1 FROM refund_requests WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
  });

  it('deadline passes while the approval is being recorded: the recorded approval is the answer, not a 91', async () => {
    // The answer's row write is held for 2 s by a trigger on this authorization alone (amount 7.77):
    // the 1,500 ms deadline passes in the middle of it. A 91 then would contradict an approval whose
    // payment moves — the network would never reverse it, and no refund would be made.
    await withTrigger(
      stack.databaseUrl,
      {
        name: 'test_slow_answer',
        timing: 'BEFORE UPDATE',
        table: 'authorizations',
        when: "OLD.status = 'RECEIVED' AND NEW.status <> 'RECEIVED' AND OLD.amount_minor = 777",
        body: 'PERFORM pg_sleep(2); RETURN NEW;',
      },
      async () => {
        const started = Date.now();
        const answer = named(await client.request(demoAuthorization({ amount: '7.77' }), 5_000));
        expect(Date.now() - started).toBeGreaterThan(1_500);
        expect(answer.responseCode).toBe('00');
        const row = await authorizationOf(answer.stan);
        expect(row).toMatchObject({ status: 'APPROVED', response_code: '00', needs_review: false });
        expect(await query(stack.databaseUrl, `SELECT 1 FROM refund_requests WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
      },
    );
  });

  it.each([
    ['refused (the UPDATE raises)', "RAISE EXCEPTION 'answer write refused by the test';", '3.33'],
    ['skipped while still open (the UPDATE writes nothing; not closed, so not retried without it)', 'RETURN NULL;', '3.36'],
  ])('the approval row is %s: its payment rolls back with it — 96, DECLINED, nothing paid, the nonce not burnt', async (_, body, amount) => {
    // A trigger on this authorization alone (its amount). The approval is written in the payment's commit, all
    // or none: no payment without its approval, no approval without its payment.
    const minor = amount.replace('.', '');
    await withTrigger(
      stack.databaseUrl,
      {
        name: 'test_answer_not_taken',
        timing: 'BEFORE UPDATE',
        table: 'authorizations',
        when: `OLD.status = 'RECEIVED' AND NEW.status = 'APPROVED' AND OLD.amount_minor = ${minor}`,
        body,
      },
      async () => {
        const answer = named(await client.request(demoAuthorization({ amount }), 5_000));
        expect(answer.responseCode).toBe('96');
        const row = await authorizationOf(answer.stan);
        expect(row).toMatchObject({ status: 'DECLINED', response_code: '96' });
        expect(await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
      },
    );
    // The rolled-back nonce is the next payment's: it is approved and mined (a gap would hold it pending forever).
    const next = named(await client.request(demoAuthorization({ amount: '3.34' }), 5_000));
    expect(next.responseCode).toBe('00');
    expect(await minedStatusOf(stack.databaseUrl, stack.rpcUrl, next.stan)).toBe(1);
  });

  it("a retransmission answered by another authorizer while the original's payment commit is held: both 91, nothing paid", async () => {
    // The original goes to the second authorizer, whose payment insert is held 3 s (a trigger, amount 4.57);
    // its retransmission, 300 ms later, to the stack's own. That one polls the row until its deadline, then
    // closes it with the 91 it sends; the original's approval then finds the row closed and its payment rolls
    // back with it, so it sends 91 too. Before, the original's 00 followed the retransmission's 91, and paid.
    const own = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      await withTrigger(stack.databaseUrl, paymentInsertHeld(457, 3), async () => {
        const message = demoAuthorization({ amount: '4.57' });
        const original = client.request(message, 10_000);
        await new Promise((r) => setTimeout(r, 300));
        const retransmitted = named(await own.request(message, 10_000));
        expect(retransmitted.responseCode).toBe('91');
        expect(named(await original).responseCode).toBe('91');
        const row = await authorizationOf(retransmitted.stan);
        expect(row).toMatchObject({ status: 'DECLINED', response_code: '91' });
        expect(await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
      });
    } finally {
      own.close();
    }
  });

  it('a reversal that overtakes its original (a deadline longer than the network waits): the original is not paid behind it', async () => {
    // An authorizer with a 5 s deadline: the network (here the test) gives up sooner and reverses while the
    // original's payment is still being committed (its insert held 3.5 s by a trigger). The reversal waits 2 s
    // for the original, then marks it reversed while it is still RECEIVED; the approval in the payment's commit
    // then finds the row reversed, so the payment rolls back with it: nothing to refund, no money moved.
    const patient = await startSecondAuthorizer(stack, { RPC_URL: proxyUrl, RESPONSE_DEADLINE_MS: '5000' });
    const c2 = patient.client;
    try {
      await withTrigger(stack.databaseUrl, paymentInsertHeld(455, 3.5), async () => {
        const original = demoAuthorization({ amount: '4.55' });
        const originalAnswer = c2.request(original, 10_000);
        await new Promise((r) => setTimeout(r, 300));
        const reversalMessage = buildReversal(journalEntryOf(original), nextStan());
        const reversal = named(await c2.request(reversalMessage, 10_000));
        expect(reversal.responseCode).toBe('00');
        const answer = named(await originalAnswer);
        const [row] = await query<{ id: string; status: string; reversed: boolean }>(
          stack.databaseUrl,
          `SELECT id, status, reversed_at IS NOT NULL AS reversed FROM authorizations WHERE stan = $1 AND mti = '0100'`,
          [answer.stan],
        );
        // Left RECEIVED and reversed, with no payment: the stale sweeper closes it, nothing to refund.
        expect(row).toMatchObject({ status: 'RECEIVED', reversed: true });
        expect(answer.responseCode).toBe('91');
        expect(await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
        expect(await query(stack.databaseUrl, `SELECT 1 FROM refund_requests WHERE authorization_id = $1`, [row.id])).toHaveLength(0);
        // A repeat of the reversal replays its 00 at once: the original, reversed, is not waited for again.
        const started = Date.now();
        expect(named(await c2.request({ mti: '0401', fields: reversalMessage.fields }, 10_000)).responseCode).toBe('00');
        expect(Date.now() - started).toBeLessThan(1_000);
      });
    } finally {
      await patient.stop();
    }
  });

  it('a stand-in advice whose payment was persisted but whose broadcast failed is settled, not flagged unsettled (the tracker sends it)', async () => {
    // RPC calls time out after 1 s here and the broadcast takes 3 s: the payment is persisted, the send
    // fails, and the tracker re-sends it. Flagged ADVICE_UNSETTLED, ops would settle it by hand: paid twice.
    const impatient = await startSecondAuthorizer(stack, { RPC_URL: proxyUrl, RPC_TIMEOUT_MS: '1000' });
    const c2 = impatient.client;
    try {
      proxy.delay('eth_sendRawTransaction', 3_000);
      const advice = { mti: '0120', fields: demoAuthorization({ amount: '4.66' }).fields };
      expect(named(await c2.request(advice, 15_000)).responseCode).toBe('00');
      const [row] = await query<{ id: string; status: string; needs_review: boolean }>(
        stack.databaseUrl,
        `SELECT id, status, needs_review FROM authorizations WHERE stan = $1 AND mti = '0120'`,
        [named(advice).stan],
      );
      expect(await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE authorization_id = $1`, [row.id])).toHaveLength(1);
      expect(row).toMatchObject({ status: 'ADVICE_SETTLED', needs_review: false });
    } finally {
      await impatient.stop();
    }
  });

  it('a repeat of a late authorization replays the 91 that was sent', async () => {
    proxy.delay('eth_call', 2_500);
    const request = demoAuthorization();
    const answer = named(await client.request(request, 5_000));
    expect(answer.responseCode).toBe('91');
    await settledRow(answer.stan);
    proxy.delay('eth_call', 0);
    expect(named(await client.request({ mti: '0101', fields: request.fields }, 5_000)).responseCode).toBe('91');
  });
});
