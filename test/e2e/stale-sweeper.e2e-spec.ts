import type { IsoMessage } from '@bridge/iso8583';
import { IsoClient } from '../../tools/harness/iso-client';
import { buildReversal } from '../../tools/harness/build-messages';
import { journalEntryOf } from '../../tools/harness/journal-entry-of';
import { eventually } from './support/chain';
import { demoAuthorization, named, nextStan } from './support/iso-fixtures';
import { minedStatusOf } from './support/mined-status-of';
import { query } from './support/query';
import { rewindToReceived } from './support/rewind-to-received';
import { startSecondAuthorizer } from './support/second-authorizer';
import { SlowRpcProxy } from './support/slow-rpc-proxy';
import { startTestStack, type TestStack } from './support/test-stack';
import { paymentInsertHeld, withTrigger } from './support/with-trigger';

jest.setTimeout(120_000);

let stack: TestStack;
let proxy: SlowRpcProxy;
let proxyUrl: string;

// The stack's authorizer closes what a stopped process left 0.5 s after the cutoff (default 30 s).
beforeAll(async () => {
  stack = await startTestStack({ STALE_AUTHORIZATION_GRACE_MS: '500', TRACKER_POLL_MS: '200' });
  proxy = new SlowRpcProxy(stack.rpcUrl);
  proxyUrl = await proxy.start();
});

afterEach(() => {
  proxy.delay('eth_call', 0);
  proxy.delay('eth_sendRawTransaction', 0);
});

afterAll(async () => {
  await proxy?.stop();
  await stack?.teardown();
});

interface Row {
  id: string;
  status: string;
  needs_review: boolean;
  review_reason: string | null;
  paid: boolean;
  refunds: number;
}

const rowOf = async (stan: string, mti: string) =>
  (
    await query<Row>(
      stack.databaseUrl,
      `SELECT a.id, a.status, a.needs_review, a.review_reason, EXISTS (SELECT 1 FROM payments p WHERE p.authorization_id = a.id) AS paid,
              (SELECT count(*) FROM refund_requests r WHERE r.authorization_id = a.id)::int AS refunds
         FROM authorizations a WHERE a.stan = $1 AND a.mti = $2`,
      [stan, mti],
    )
  )[0];

/**
 * A second authorizer whose chain calls of `slow` take 5 s: it gets as far as `reached` with `message`,
 * then is killed before it records an answer. Returns the STAN; the row is left RECEIVED.
 */
async function leftByAKilledProcess(message: IsoMessage, slow: 'eth_sendRawTransaction' | 'eth_call', reached: (r: Row) => boolean): Promise<string> {
  const doomed = await startSecondAuthorizer(stack, { RPC_URL: proxyUrl });
  proxy.delay(slow, 5_000);
  const stan = named(message).stan;
  doomed.client.request(message, 10_000).catch(() => undefined); // never answered: the process dies first
  await eventually(
    async () => {
      const row = await rowOf(stan, message.mti);
      return row !== undefined && reached(row);
    },
    10_000,
    50,
  );
  await doomed.stop('SIGKILL');
  return stan;
}

const paid = (r: Row) => r.paid;
/** Received, and stuck in the funds check (its balance read is slow): nothing can be paid any more. */
const receivedOnly = () => true;

describe('stale sweeper: what a stopped process left RECEIVED', () => {
  it('a 0100 whose process died after its payment committed stays APPROVED (its approval committed with it); the network reverses it, refunded once', async () => {
    const request = demoAuthorization({ amount: '2.21' });
    const stan = await leftByAKilledProcess(request, 'eth_sendRawTransaction', paid);
    await new Promise((r) => setTimeout(r, 2_500)); // past the deadline plus the grace: the sweeper has looked
    expect(await rowOf(stan, '0100')).toMatchObject({ status: 'APPROVED', paid: true, refunds: 0 });
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      expect(named(await client.request(buildReversal(journalEntryOf(request), nextStan()), 10_000)).responseCode).toBe('00');
    } finally {
      client.close();
    }
    expect(await rowOf(stan, '0100')).toMatchObject({ status: 'REVERSED', paid: true, refunds: 1 });
  });

  it("a paid 0100 left RECEIVED (an earlier version's crash before its answer's write) becomes LATE_APPROVED with a refund", async () => {
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      const answer = named(await client.request(demoAuthorization({ amount: '2.22' }), 10_000));
      expect(answer.responseCode).toBe('00');
      await rewindToReceived(stack.databaseUrl, answer.stan);
      await eventually(async () => (await rowOf(answer.stan, '0100')).status !== 'RECEIVED', 30_000, 200);
      expect(await rowOf(answer.stan, '0100')).toMatchObject({
        status: 'LATE_APPROVED',
        needs_review: true,
        review_reason: 'LATE_APPROVAL',
        paid: true,
        refunds: 1,
      });
    } finally {
      client.close();
    }
  });

  it('a 0100 whose reversal overtook it, left RECEIVED and unpaid, becomes REVERSED: nothing paid, nothing owed, a repeat still gets its 91', async () => {
    // What a reversal overtaking its original leaves (deadline.e2e-spec): the reversal marked the row while it
    // was RECEIVED, the approval then found it reversed and rolled back with its payment, the network got 91.
    // Here a declined 0100 put back in that state. Before, the sweeper closed it DECLINED, as if we had declined it.
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      const original = demoAuthorization({ amount: '99999.00' });
      expect(named(await client.request(original, 10_000)).responseCode).not.toBe('00'); // declined: nothing paid
      const stan = named(original).stan;
      await rewindToReceived(stack.databaseUrl, stan);
      await query(stack.databaseUrl, `UPDATE authorizations SET reversed_at = now() WHERE stan = $1 AND mti = '0100'`, [stan]);
      await eventually(async () => (await rowOf(stan, '0100')).status !== 'RECEIVED', 30_000, 200);
      expect(await rowOf(stan, '0100')).toMatchObject({ status: 'REVERSED', needs_review: false, paid: false, refunds: 0 });
      expect(named(await client.request({ mti: '0101', fields: original.fields }, 10_000)).responseCode).toBe('91');
    } finally {
      client.close();
    }
  });

  it('the sweeper closes a row while its payment is being committed: the payment rolls back with its approval — 91, nothing paid, the nonce reused', async () => {
    // The payment's insert is held 4 s (a trigger, for this authorization alone: amount 2.26); the sweeper
    // closes the row DECLINED 91 at deadline + grace (2 s). The approval in the same commit then finds the row
    // closed: committed, the money would move for an authorization the network was told 91, with no refund.
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      await withTrigger(stack.databaseUrl, paymentInsertHeld(226, 4), async () => {
        const started = Date.now();
        const answer = named(await client.request(demoAuthorization({ amount: '2.26' }), 10_000));
        expect(answer.responseCode).toBe('91');
        expect(Date.now() - started).toBeGreaterThan(3_900); // answered when the commit came back, not at the deadline
        expect(await rowOf(answer.stan, '0100')).toMatchObject({ status: 'DECLINED', paid: false, refunds: 0 });
      });
      // The rolled-back nonce is the next payment's: approved and mined (a gap would hold it pending forever).
      const next = named(await client.request(demoAuthorization({ amount: '2.27' }), 10_000));
      expect(next.responseCode).toBe('00');
      expect(await minedStatusOf(stack.databaseUrl, stack.rpcUrl, next.stan)).toBe(1);
    } finally {
      client.close();
    }
  });

  it('a 0120 advice whose process died after its payment committed is ADVICE_SETTLED (its row committed with the payment), never refunded', async () => {
    const stan = await leftByAKilledProcess({ mti: '0120', fields: demoAuthorization({ amount: '2.33' }).fields }, 'eth_sendRawTransaction', paid);
    await eventually(async () => (await rowOf(stan, '0120')).status !== 'RECEIVED', 30_000, 200);
    expect(await rowOf(stan, '0120')).toMatchObject({ status: 'ADVICE_SETTLED', needs_review: false, refunds: 0 });
  });

  it('an unpaid 0120 advice becomes ADVICE_UNSETTLED, flagged for reconciliation (not DECLINED: the network approved it)', async () => {
    const stan = await leftByAKilledProcess({ mti: '0120', fields: demoAuthorization({ amount: '2.44' }).fields }, 'eth_call', receivedOnly);
    await eventually(async () => (await rowOf(stan, '0120')).status !== 'RECEIVED', 30_000, 200);
    expect(await rowOf(stan, '0120')).toMatchObject({
      status: 'ADVICE_UNSETTLED',
      needs_review: true,
      review_reason: 'ADVICE_UNSETTLED:SYSTEM_ERROR',
      paid: false,
      refunds: 0,
    });
  });

  it('an advice reversed before its payment committed: the payment rolls back with its row — REVERSED by the sweeper, nothing paid, nothing owed', async () => {
    // The advice's payment insert is held 4 s (amount 2.56); the reversal waits 2 s for it, finds it still
    // RECEIVED and marks it reversed; the advice's settled row then finds it reversed, so neither commits.
    // Before, the payment committed anyway and the sweeper refunded it.
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    try {
      await withTrigger(stack.databaseUrl, paymentInsertHeld(256, 4), async () => {
        const advice = { mti: '0120', fields: demoAuthorization({ amount: '2.56' }).fields };
        const acknowledged = client.request(advice, 10_000);
        await new Promise((r) => setTimeout(r, 300));
        expect(named(await client.request(buildReversal(journalEntryOf(advice), nextStan(), '0420'), 10_000)).responseCode).toBe('00');
        expect(named(await acknowledged).responseCode).toBe('00');
        const stan = named(advice).stan;
        await eventually(async () => (await rowOf(stan, '0120')).status !== 'RECEIVED', 30_000, 200);
        expect(await rowOf(stan, '0120')).toMatchObject({ status: 'REVERSED', needs_review: false, paid: false, refunds: 0 });
      });
    } finally {
      client.close();
    }
  });

  it('an advice reversed by the network while it was still being paid: REVERSED and refunded, not settled', async () => {
    // The advice's row commits ADVICE_SETTLED with its payment; its broadcast takes 3.5 s. The reversal (0420)
    // finds it settled and reverses it with a refund request.
    const slow = await startSecondAuthorizer(stack, { RPC_URL: proxyUrl });
    const client = slow.client;
    try {
      proxy.delay('eth_sendRawTransaction', 3_500);
      const advice = { mti: '0120', fields: demoAuthorization({ amount: '2.55' }).fields };
      const acknowledged = client.request(advice, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const stan = named(advice).stan;
      expect(named(await client.request(buildReversal(journalEntryOf(advice), nextStan(), '0420'), 10_000)).responseCode).toBe('00');
      expect(named(await acknowledged).responseCode).toBe('00');
      await eventually(async () => (await rowOf(stan, '0120')).status !== 'RECEIVED', 30_000, 200);
      const [refund] = await query<{ reason: string }>(stack.databaseUrl, `SELECT reason FROM refund_requests WHERE authorization_id = $1`, [
        (await rowOf(stan, '0120')).id,
      ]);
      expect(await rowOf(stan, '0120')).toMatchObject({ status: 'REVERSED', paid: true, refunds: 1 });
      expect(refund.reason).toBe('REVERSAL');
    } finally {
      await slow.stop();
    }
  });
});
