import { DIALECT_1987_ASCII, fromNamedFields, type IsoMessage } from '@bridge/iso8583';
import { IsoClient } from '../../tools/harness/iso-client';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named, nextStan } from './support/iso-fixtures';
import { query } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(240_000);

let stack: TestStack;
let chain: ChainReader;

beforeAll(async () => {
  // Crashed processes' authorizations are closed 0.5 s after their deadline (default 30 s).
  stack = await startTestStack({ STALE_AUTHORIZATION_GRACE_MS: '500', TRACKER_POLL_MS: '200' });
  chain = new ChainReader(stack.rpcUrl, stack.seed.tokenAddress);
});

afterAll(async () => {
  chain?.destroy();
  await stack?.teardown();
});

interface Sent {
  request: IsoMessage;
  stan: string;
  value: bigint; // token base units: USD cents × 10^4 at par, unique per authorization
  answer?: string;
  reversal?: string;
}

const ROUNDS = 6;
const PER_ROUND = 40;

describe('crash: kill -9 the authorizer during bursts, restart, and check the chain', () => {
  it('every 00 is paid exactly once; nothing else is paid unless flagged LATE_APPROVED with a refund request', async () => {
    const fromBlock = await chain.provider.getBlockNumber();
    await stack.killApp('authorizer', 'SIGKILL');
    const sent: Sent[] = [];
    let kills = 0;
    const timings: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const app = await stack.restartApp('authorizer');
      const clients = await Promise.all([0, 1].map(() => IsoClient.connect('127.0.0.1', stack.isoPort)));
      await clients[0].request(echo(), 5_000); // the process is up and serving
      // One authorization through the whole pipeline first: the kill then lands in steady traffic,
      // not in the cold start (first answers after a start take ~0.8 s on this machine).
      const warm = demoAuthorization({ amount: `100.${String(round).padStart(2, '0')}` });
      const warmEntry: Sent = { request: warm, stan: named(warm).stan, value: BigInt(10_000 + round) * 10_000n };
      sent.push(warmEntry);
      warmEntry.answer = named(await clients[0].request(warm, 10_000)).responseCode;
      const burstStarted = Date.now();
      const inFlight = Array.from({ length: PER_ROUND }, (_, i) => {
        const cents = 100 + round * PER_ROUND + i;
        const request = demoAuthorization({ amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` });
        const entry: Sent = { request, stan: named(request).stan, value: BigInt(cents) * 10_000n };
        sent.push(entry);
        return clients[i % 2]
          .request(request, 5_000)
          .then((m) => void (entry.answer = named(m).responseCode))
          .catch(() => undefined);
      });
      await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 800)));
      timings.push(Date.now() - burstStarted);
      await app.stop('SIGKILL');
      kills++;
      await Promise.all(inFlight);
      clients.forEach((c) => c.close());
    }
    const survivor = await stack.restartApp('authorizer');
    try {
      await eventually(
        async () =>
          (
            await query(
              stack.databaseUrl,
              `SELECT 1 FROM authorizations WHERE status = 'RECEIVED' UNION ALL SELECT 1 FROM payments WHERE status IN ('SIGNED','SUBMITTED')`,
            )
          ).length === 0,
        60_000,
        250,
      );
      // As a network does on a timeout: reverse every authorization it got no answer for.
      const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
      for (const s of sent.filter((x) => x.answer === undefined)) {
        s.reversal = named(await client.request({ mti: '0400', fields: s.request.fields }, 10_000)).responseCode;
      }
      client.close();
    } finally {
      await survivor.stop();
    }

    const paid = new Map<bigint, number>();
    for (const v of await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1)) paid.set(v, (paid.get(v) ?? 0) + 1);
    const rows = await query<{ stan: string; status: string; refund: string | null; refunds: number }>(
      stack.databaseUrl,
      `SELECT a.stan, a.status, r.reason AS refund, (SELECT count(*) FROM refund_requests x WHERE x.authorization_id = a.id)::int AS refunds FROM authorizations a LEFT JOIN refund_requests r ON r.authorization_id = a.id WHERE a.stan = ANY($1)`,
      [sent.map((s) => s.stan)],
    );
    const byStan = new Map(rows.map((r) => [r.stan, r]));
    const approved = sent.filter((s) => s.answer === '00');
    const lateOrLost = sent.filter((s) => s.answer !== '00' && (paid.get(s.value) ?? 0) > 0).length;
    console.log(
      `crash test: ${lateOrLost} paid with the answer lost, reversed; kills at ${timings.join(', ')} ms into the bursts; ${kills} kills, ${sent.length} sent, answers ${JSON.stringify(countBy(sent.map((s) => s.answer ?? 'none')))}, ${paid.size} paid on-chain`,
    );
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(approved.length).toBeGreaterThan(0);
    for (const s of sent) {
      const times = paid.get(s.value) ?? 0;
      if (s.answer === '00') {
        expect([s.stan, times]).toEqual([s.stan, 1]);
      } else if (times > 0) {
        // Paid but the answer was lost in the crash: once, and reversed with exactly one refund request.
        const row = byStan.get(s.stan)!;
        expect([s.stan, times, s.reversal, row.status, row.refunds]).toEqual([s.stan, 1, '00', 'REVERSED', 1]);
      }
    }
    const ours = new Set(sent.map((s) => s.value));
    expect([...paid.keys()].filter((v) => !ours.has(v))).toEqual([]); // nothing paid that we did not send
  });
});

function countBy(values: string[]): Record<string, number> {
  return values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});
}

function echo() {
  return fromNamedFields('0800', { transmissionDateTime: '1128120000', stan: nextStan(), networkManagementCode: '301' }, DIALECT_1987_ASCII);
}
