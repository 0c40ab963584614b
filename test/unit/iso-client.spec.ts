import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DIALECT_1987_ASCII, encodeIso, frame, FrameReader, scanFields, toNamedFields } from '@bridge/iso8583';
import { buildAuthorization, DEMO_AUTHORIZATION } from '../../tools/harness/build-authorization';
import { IsoClient } from '../../tools/harness/iso-client';

/** Answers every request as 0110 with DE39 00, except STANs starting with 9, which it never answers. */
let server: Server;

beforeAll(async () => {
  server = createServer((socket) => {
    const reader = new FrameReader('binary2', 65535);
    socket.on('data', (chunk) => {
      for (const e of reader.push(chunk)) {
        if (e.kind !== 'frame') continue;
        const request = scanFields(e.body, DIALECT_1987_ASCII);
        if (String(request.fields.get(11)).startsWith('9')) continue;
        const fields = new Map(request.fields);
        fields.set(39, '00');
        socket.write(frame('binary2', encodeIso({ mti: '0110', fields }, DIALECT_1987_ASCII)));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});

afterAll(() => new Promise((r) => server.close(r)));

const authorization = (stan: string) => buildAuthorization({ ...DEMO_AUTHORIZATION, stan });

it('matches answers by STAN and rejects, after its timeout, each request that got none', async () => {
  const client = await IsoClient.connect('127.0.0.1', (server.address() as AddressInfo).port, { engineCrossCheck: false });
  try {
    const started = performance.now();
    const settledAfter = (p: Promise<unknown>) =>
      p.then(
        () => performance.now() - started,
        () => performance.now() - started,
      );
    const requests = [client.request(authorization('900001'), 60), client.request(authorization('000002'), 60), client.request(authorization('900003'), 150)];
    const timings = requests.map(settledAfter);
    const [silent, answered, slower] = await Promise.allSettled(requests);
    const [silentMs, , slowerMs] = await Promise.all(timings);
    expect(answered.status === 'fulfilled' && toNamedFields(answered.value, DIALECT_1987_ASCII)).toMatchObject({ stan: '000002', responseCode: '00' });
    expect(silent).toMatchObject({ status: 'rejected', reason: { message: 'no answer for STAN 900001 within 60 ms' } });
    expect(slower).toMatchObject({ status: 'rejected', reason: { message: 'no answer for STAN 900003 within 150 ms' } });
    // Each on its own deadline (reported up to one 25 ms sweep late): the first well before the second.
    expect(silentMs).toBeGreaterThanOrEqual(60);
    expect(silentMs).toBeLessThan(150);
    expect(slowerMs).toBeGreaterThanOrEqual(150);
    expect(slowerMs).toBeLessThan(1_000);
  } finally {
    client.close();
  }
});

it('keeps each of several clients on its own deadlines with the one shared sweep', async () => {
  const port = (server.address() as AddressInfo).port;
  const [a, b] = await Promise.all([IsoClient.connect('127.0.0.1', port, { engineCrossCheck: false }), IsoClient.connect('127.0.0.1', port)]);
  try {
    const started = performance.now();
    const at = (p: Promise<unknown>) =>
      p.then(
        () => ['answered', performance.now() - started] as const,
        (e: Error) => [e.message, performance.now() - started] as const,
      );
    const [silentA, answeredB, silentB] = await Promise.all([
      at(a.request(authorization('900011'), 40)),
      at(b.request(authorization('000012'), 40)),
      at(b.request(authorization('900013'), 200)),
    ]);
    expect(silentA[0]).toBe('no answer for STAN 900011 within 40 ms');
    expect(answeredB[0]).toBe('answered');
    expect(silentB[0]).toBe('no answer for STAN 900013 within 200 ms');
    expect(silentA[1]).toBeLessThan(200); // not held back until b's last request is swept
    expect(silentB[1]).toBeGreaterThanOrEqual(200);
    // Once nothing waits the sweep stops: a later request on a is still timed.
    await expect(a.request(authorization('900014'), 30)).rejects.toThrow('no answer for STAN 900014 within 30 ms');
  } finally {
    a.close();
    b.close();
  }
});
