import { IsoClient } from '../../tools/harness/iso-client';
import { demoAuthorization, named } from './support/iso-fixtures';
import { reachable } from './support/reachable';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(120_000);

const NATS = { host: '127.0.0.1', port: 4222 };
const natsUp = reachable(NATS.host, NATS.port);
if (!natsUp) console.warn(`SKIPPED: no NATS server at ${NATS.host}:${NATS.port}; the NATS transport test needs one (CI machines run it).`);

(natsUp ? describe : describe.skip)('authorizer ↔ exchange adapter over NATS (real server at 127.0.0.1:4222)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ NATS_URL: `nats://${NATS.host}:${NATS.port}` });
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('approves a 0100 with destination and quote fetched over NATS', async () => {
    expect(stack.logs.some((l) => l.includes('microservice on NATS'))).toBe(true);
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const answer = named(await client.request(demoAuthorization()));
    client.close();
    expect(answer.responseCode).toBe('00');
  });
});
