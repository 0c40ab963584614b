import type { IsoMessage } from '@bridge/iso8583';
import { IsoClient } from '../../tools/harness/iso-client';
import { buildReversal } from '../../tools/harness/build-messages';
import { journalEntryOf } from '../../tools/harness/journal-entry-of';
import { eventually } from './support/chain';
import { demoAuthorization, named, nextStan } from './support/iso-fixtures';
import { query } from './support/query';
import { startSecondAuthorizer } from './support/second-authorizer';
import { SlowRpcProxy } from './support/slow-rpc-proxy';
import { startTestStack, type TestStack } from './support/test-stack';
import { withTrigger } from './support/with-trigger';

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

  it('a paid 0100 whose approval was not recorded becomes LATE_APPROVED with a refund (the network got a 91)', async () => {
    // An approval commits with its payment, so this takes an approval that lands nowhere (a trigger skips it,
    // for this authorization alone): as a reversal that overtook it, or an earlier version's crash, leaves it.
    const skipApproval = { name: 'test_skip_approval', timing: 'BEFORE UPDATE', table: 'authorizations', body: 'RETURN NULL;' };
    await withTrigger(
      stack.databaseUrl,
      { ...skipApproval, when: "OLD.status = 'RECEIVED' AND NEW.status = 'APPROVED' AND OLD.amount_minor = 222" },
      async () => {
        const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
        try {
          const answer = named(await client.request(demoAuthorization({ amount: '2.22' }), 10_000));
          expect(answer.responseCode).toBe('91');
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
      },
    );
  });

  it('a paid 0120 advice becomes ADVICE_SETTLED, never refunded: the network approved it in stand-in', async () => {
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

  it('an advice reversed by the network while it was still being paid: REVERSED and refunded, not settled', async () => {
    // The reversal (0420) waits 2 s for the advice, finds it still RECEIVED (its broadcast takes 3.5 s) and
    // marks it; the advice's own write then skips the reversed row, and the sweeper closes it.
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
