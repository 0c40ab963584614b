import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdapterConfig } from '../config/adapter-config';
import { CircuitOpenError } from './circuit-open.error';
import { HttpExchangeClient } from './http-exchange-client';
import { ExchangeUnavailableError } from './exchange-unavailable.error';

// A local HTTP server stands in for the exchange: /v1/notifications always 503, /v1/quotes 200.
let server: Server;
const hits: string[] = [];
let client: HttpExchangeClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume().on('end', () => {
      const ok = req.url === '/v1/quotes';
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(ok ? '{"ok":true}' : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const config = {
    exchangeHttpUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchangeHmacSecret: 'secret',
    exchangeTimeoutMs: 500,
    exchangeRetries: 2,
    exchangeBreakerThreshold: 3,
    exchangeBreakerCooldownMs: 60_000,
  } as AdapterConfig;
  client = new HttpExchangeClient(config);
});

afterAll(() => new Promise((r) => server.close(r)));

describe('HttpExchangeClient lanes', () => {
  it('background failures open only the background breaker; authorization calls still go out', async () => {
    await expect(client.post('/v1/notifications', {}, 'k1', 'background')).rejects.toThrow(ExchangeUnavailableError);
    expect(hits.filter((h) => h === '/v1/notifications')).toHaveLength(3); // 1 try + 2 retries, then open
    expect(client.breakers.background.state).toBe('OPEN');
    await expect(client.post('/v1/quotes', {}, 'k2', 'authorization')).resolves.toEqual({ ok: true });
    expect(client.breakers.authorization.state).toBe('CLOSED');
  });

  it('a call the open breaker refuses sends nothing and says when to come back', async () => {
    const before = hits.length;
    const refused = client.post('/v1/notifications', {}, 'k3', 'background');
    await expect(refused).rejects.toThrow(CircuitOpenError);
    await expect(refused).rejects.toMatchObject({ retryAt: client.breakers.background.retryAt });
    expect(hits.length).toBe(before);
  });

  it('a call whose own failures open the breaker mid-retry is a failed call, not a refused one', async () => {
    const fresh = new HttpExchangeClient({ ...(client as unknown as { config: AdapterConfig }).config, exchangeBreakerThreshold: 2 });
    const failed = fresh.post('/v1/notifications', {}, 'k4', 'background');
    await expect(failed).rejects.toThrow(ExchangeUnavailableError);
    await expect(failed).rejects.not.toBeInstanceOf(CircuitOpenError);
  });
});
