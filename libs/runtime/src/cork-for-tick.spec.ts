import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { corkForTick } from './cork-for-tick';

describe('corkForTick', () => {
  let server: Server;
  let received: Buffer[];
  let client: Socket;

  beforeEach(async () => {
    received = [];
    server = createServer((s) => s.on('data', (d: Buffer) => received.push(d)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = connect((server.address() as { port: number }).port, '127.0.0.1');
    await once(client, 'connect');
  });

  afterEach(async () => {
    client.destroy();
    await new Promise((r) => server.close(r));
  });

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('sends the writes of one tick as one chunk, in order', async () => {
    const writev = jest.spyOn(client as unknown as { _writev: (...a: unknown[]) => void }, '_writev');
    const write = jest.spyOn(client as unknown as { _write: (...a: unknown[]) => void }, '_write');
    for (let i = 0; i < 20; i++) {
      corkForTick(client);
      client.write(`m${i};`);
    }
    await settle();
    expect(Buffer.concat(received).toString()).toBe(Array.from({ length: 20 }, (_, i) => `m${i};`).join(''));
    expect(writev).toHaveBeenCalledTimes(1);
    expect(write).not.toHaveBeenCalled();
  });

  it('uncorks every tick: writes of later ticks are not held back', async () => {
    corkForTick(client);
    client.write('a');
    await new Promise((r) => setImmediate(r));
    expect(client.writableCorked).toBe(0);
    corkForTick(client);
    client.write('b');
    await settle();
    expect(Buffer.concat(received).toString()).toBe('ab');
    expect(client.writableCorked).toBe(0);
  });
});
