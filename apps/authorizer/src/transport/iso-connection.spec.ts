import { connect, createServer, type Server, type Socket } from 'node:net';
import { frame, FrameReader } from '@bridge/iso8583';
import { IsoConnection, type ConnectionOptions } from './iso-connection';

/** IsoConnection over real loopback sockets, with a controllable `process` in place of the app. */
describe('IsoConnection', () => {
  let server: Server;
  let port: number;
  let inFlight = 0;
  let maxInFlight = 0;
  let release: () => void = () => undefined;
  let gate: Promise<void>;

  async function listen(options: Partial<ConnectionOptions>): Promise<void> {
    gate = new Promise((r) => (release = r));
    server = createServer((socket) => {
      new IsoConnection(
        socket,
        { framing: 'binary2', header: 'none', maxFrameBytes: 8192, idleTimeoutMs: 60_000, maxInFlight: 256, ...options },
        async (body) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await gate;
          inFlight--;
          return body; // echo
        },
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  }

  afterEach(async () => {
    release();
    await new Promise((r) => server.close(r));
    inFlight = 0;
    maxInFlight = 0;
  });

  function client(): Promise<Socket> {
    return new Promise((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    });
  }

  it('pauses reading at the in-flight cap instead of queueing without bound, then answers everything', async () => {
    await listen({ maxInFlight: 16 });
    const socket = await client();
    const reader = new FrameReader('binary2', 8192);
    let answers = 0;
    socket.on('data', (d: Buffer) => (answers += reader.push(d).length));
    socket.write(Buffer.concat(Array.from({ length: 300 }, (_, i) => frame('binary2', Buffer.from(`0800${String(i).padStart(6, '0')}`)))));
    await new Promise((r) => setTimeout(r, 200));
    expect(maxInFlight).toBe(16);
    release();
    for (let i = 0; i < 100 && answers < 300; i++) await new Promise((r) => setTimeout(r, 20));
    expect(answers).toBe(300);
    expect(maxInFlight).toBe(16);
    socket.destroy();
  });

  it('closes an idle connection after the configured time', async () => {
    await listen({ idleTimeoutMs: 200 });
    const socket = await client();
    const started = Date.now();
    await new Promise((r) => socket.once('close', r));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('closes the connection when a frame is too short to hold the configured TPDU', async () => {
    await listen({ header: 'tpdu' });
    const socket = await client();
    socket.write(frame('binary2', Buffer.from([0x60, 0x00])));
    await new Promise((r) => socket.once('close', r));
  });
});
