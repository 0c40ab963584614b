import { connect } from 'node:net';
import { DIALECT_1987_ASCII, encodeIso, frame, fromNamedFields, type IsoMessage } from '@bridge/iso8583';
import { buildReversal } from '../../tools/harness/build-messages';
import { IsoClient } from '../../tools/harness/iso-client';
import { journalEntryOf } from '../../tools/harness/journal-entry-of';
import { DEMO } from '../../tools/dev/demo-data';
import { freePort } from './support/free-port';
import { demoAuthorization, named, nextStan } from './support/iso-fixtures';
import { query } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(120_000);

let stack: TestStack;
let client: IsoClient;

beforeAll(async () => {
  stack = await startTestStack();
  client = await IsoClient.connect('127.0.0.1', stack.isoPort);
});

afterAll(async () => {
  client?.close();
  await stack?.teardown();
});

const bytes = (m: IsoMessage) => frame('binary2', encodeIso(m, DIALECT_1987_ASCII));

/** Reads whole answers off a raw socket (for the framing tests that write bytes by hand). */
function rawSocket() {
  const socket = connect({ host: '127.0.0.1', port: stack.isoPort });
  let buffered = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  socket.on('data', (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  const frames = async (count: number, timeoutMs = 5_000): Promise<Buffer[]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out: Buffer[] = [];
      let pos = 0;
      while (pos + 2 <= buffered.length && pos + 2 + buffered.readUInt16BE(pos) <= buffered.length) {
        out.push(buffered.subarray(pos + 2, pos + 2 + buffered.readUInt16BE(pos)));
        pos += 2 + buffered.readUInt16BE(pos);
      }
      if (out.length >= count) return out;
      if (Date.now() > deadline) throw new Error(`got ${out.length} of ${count} answers`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { socket, frames, closed };
}

describe('framing over a real socket', () => {
  it('answers a frame written one byte at a time', async () => {
    const { socket, frames } = rawSocket();
    const request = demoAuthorization();
    for (const b of bytes(request)) {
      socket.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    const [answer] = await frames(1);
    expect(answer.subarray(0, 4).toString()).toBe('0110');
    socket.destroy();
  });

  it('answers two frames coalesced in one segment, with a keep-alive between them', async () => {
    const { socket, frames } = rawSocket();
    socket.write(Buffer.concat([bytes(echo('301')), Buffer.from([0, 0]), bytes(echo('301'))]));
    expect(await frames(2)).toHaveLength(2);
    socket.destroy();
  });

  it('closes the connection on a length above the maximum (8,192)', async () => {
    const { socket, closed } = rawSocket();
    socket.write(Buffer.from([0x23, 0x29, 0x30, 0x31]));
    await closed;
  });
});

function echo(code: string, stan = nextStan()): IsoMessage {
  return fromNamedFields('0800', { transmissionDateTime: '1128120000', stan, networkManagementCode: code }, DIALECT_1987_ASCII);
}

describe('message set', () => {
  it.each(['001', '002', '301'])('0800 DE70 %s → 0810 00 echoing DE11 and DE70', async (code) => {
    const answer = await client.request(echo(code));
    expect(answer.mti).toBe('0810');
    expect(named(answer)).toMatchObject({ responseCode: '00', networkManagementCode: code });
  });

  it('an MTI we do not handle (0200) → 0210 12', async () => {
    const request = fromNamedFields('0200', { ...named(demoAuthorization()) }, DIALECT_1987_ASCII);
    const answer = await client.request(request);
    expect(answer.mti).toBe('0210');
    expect(named(answer).responseCode).toBe('12');
  });

  it('50 pipelined authorizations on one socket: each answered once, with its own STAN, all paid', async () => {
    const requests = Array.from({ length: 50 }, () => demoAuthorization({ amount: '0.10' }));
    const answers = await Promise.all(requests.map((r) => client.request(r, 10_000)));
    expect(answers.map((a) => named(a).stan)).toEqual(requests.map((r) => named(r).stan));
    expect(answers.map((a) => named(a).responseCode)).toEqual(Array(50).fill('00'));
    const hashes = new Set(answers.map((a) => named(a).additionalData.match(/0366(0x[0-9a-f]{64})/)![1]));
    expect(hashes.size).toBe(50);
  });

  it('the same 0100 again on another connection, and its 0101, get the stored answer and pay once', async () => {
    const request = demoAuthorization();
    const first = named(await client.request(request));
    const other = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const again = named(await other.request(request));
    const repeat = named(await other.request({ mti: '0101', fields: request.fields }));
    other.close();
    expect(again).toEqual(first);
    expect(repeat).toEqual(first);
    const rows = await query(stack.databaseUrl, `SELECT 1 FROM payments p JOIN authorizations a ON a.id = p.authorization_id WHERE a.stan = $1`, [first.stan]);
    expect(rows).toHaveLength(1);
  });

  it('the same key with different content → 94, and the original stands', async () => {
    const request = demoAuthorization();
    expect(named(await client.request(request)).responseCode).toBe('00');
    const changed = new Map(request.fields);
    changed.set(4, '000000009999');
    expect(named(await client.request({ mti: '0100', fields: changed })).responseCode).toBe('94');
  });
});

describe('reversals and advices', () => {
  it('0400 after an approval → 0410 00, original REVERSED, one refund request; its 0401 repeat acts once', async () => {
    const original = named(await client.request(demoAuthorization({ amount: '2.50' })));
    expect(original.responseCode).toBe('00');
    const de90 = `0100${original.stan}${original.transmissionDateTime}${original.acquirerId.padStart(11, '0')}${'0'.repeat(11)}`;
    const reversal = fromNamedFields(
      '0400',
      {
        ...original,
        stan: nextStan(),
        originalDataElements: de90,
        responseCode: undefined as never,
        approvalCode: undefined as never,
        additionalData: undefined as never,
      },
      DIALECT_1987_ASCII,
    );
    for (const n of [38, 39, 48]) (reversal.fields as Map<number, string>).delete(n);
    const answer = await client.request(reversal);
    expect(answer.mti).toBe('0410');
    expect(named(answer).responseCode).toBe('00');
    const repeat = await client.request({ mti: '0401', fields: reversal.fields });
    expect(named(repeat).responseCode).toBe('00');
    const [row] = await query<{ status: string; refunds: string; amount: string }>(
      stack.databaseUrl,
      `SELECT a.status, (SELECT count(*) FROM refund_requests r WHERE r.authorization_id = a.id)::text AS refunds, (SELECT amount::text FROM refund_requests r WHERE r.authorization_id = a.id) AS amount
         FROM authorizations a WHERE a.stan = $1 AND a.transmission_date_time = $2`,
      [original.stan, original.transmissionDateTime],
    );
    expect(row).toEqual({ status: 'REVERSED', refunds: '1', amount: '2500000' });
  });

  it('0420 without DE90 carrying the original key → 0430 00', async () => {
    const request = demoAuthorization();
    expect(named(await client.request(request)).responseCode).toBe('00');
    const answer = await client.request({ mti: '0420', fields: request.fields });
    expect(answer.mti).toBe('0430');
    expect(named(answer).responseCode).toBe('00');
  });

  it('a reversal of an unknown original → 25', async () => {
    const answer = await client.request({ mti: '0400', fields: demoAuthorization().fields });
    expect(named(answer).responseCode).toBe('25');
  });

  it('0120 stand-in advice → 0130 00 and the payment goes on-chain; its 0121 repeat pays nothing more', async () => {
    const advice = { mti: '0120', fields: demoAuthorization({ amount: '3.00' }).fields };
    const answer = await client.request(advice);
    expect(answer.mti).toBe('0130');
    expect(named(answer).responseCode).toBe('00');
    expect(named(answer).additionalData).toContain('04073000000');
    expect(named(await client.request({ mti: '0121', fields: advice.fields })).responseCode).toBe('00');
    const rows = await query<{ status: string }>(
      stack.databaseUrl,
      `SELECT a.status FROM authorizations a JOIN payments p ON p.authorization_id = a.id WHERE a.stan = $1`,
      [named(answer).stan],
    );
    expect(rows).toEqual([{ status: 'ADVICE_SETTLED' }]);
  });

  it('an advice that cannot be settled (fiat card) is acknowledged 00 and flagged for reconciliation', async () => {
    const advice = { mti: '0120', fields: demoAuthorization({ pan: DEMO.fiatCard.pan }).fields };
    expect(named(await client.request(advice)).responseCode).toBe('00');
    const rows = await query(stack.databaseUrl, `SELECT status, needs_review, review_reason FROM authorizations WHERE stan = $1`, [
      named({ mti: '0120', fields: advice.fields }).stan,
    ]);
    expect(rows).toEqual([{ status: 'ADVICE_UNSETTLED', needs_review: true, review_reason: 'ADVICE_UNSETTLED:NOT_PERMITTED' }]);
    // Reversed by the network afterwards: nothing is owed any more — REVERSED, no refund (nothing was paid).
    // Left ADVICE_UNSETTLED, reconciliation would keep it APPROVED_UNPAID and ops could pay a reversed advice.
    expect(named(await client.request(buildReversal(journalEntryOf(advice), nextStan(), '0420'))).responseCode).toBe('00');
    const [reversed] = await query<{ id: string; status: string }>(stack.databaseUrl, `SELECT id, status FROM authorizations WHERE stan = $1`, [
      named(advice).stan,
    ]);
    expect(reversed.status).toBe('REVERSED');
    expect(await query(stack.databaseUrl, `SELECT 1 FROM refund_requests WHERE authorization_id = $1`, [reversed.id])).toHaveLength(0);
  });
});

describe('optional TPDU header', () => {
  it('echoes the 5-byte TPDU with source and destination swapped', async () => {
    const isoPort = await freePort(); // checked free, unlike a port next to the stack's
    const app = await stack.restartApp('authorizer', { ISO_HEADER: 'tpdu', ISO_PORT: String(isoPort), HTTP_PORT: '0' });
    try {
      const tpdu = Buffer.from('6000120034', 'hex');
      const own = await IsoClient.connect('127.0.0.1', isoPort, { header: tpdu });
      const answer = await own.request(echo('301'));
      expect(named(answer).responseCode).toBe('00');
      expect(own.lastHeader?.toString('hex')).toBe('6000340012');
      own.close();
    } finally {
      await app.stop();
    }
  });
});
