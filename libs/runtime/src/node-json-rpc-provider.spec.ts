import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { NodeJsonRpcProvider, RpcTransportError } from './node-json-rpc-provider';

type Handler = (body: unknown, req: IncomingMessage, res: ServerResponse) => void;

/** A real local HTTP server standing in for the node. */
async function node(handler: Handler): Promise<{ url: string; server: Server; seen: { auth?: string; bodies: unknown[] } }> {
  const seen: { auth?: string; bodies: unknown[] } = { bodies: [] };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
      seen.auth = req.headers.authorization;
      seen.bodies.push(body);
      handler(body, req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

const answer = (res: ServerResponse, payload: unknown) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(payload));
};
const results = (body: unknown) =>
  ([body].flat() as { id: number; method: string }[]).map((p) => ({ jsonrpc: '2.0', id: p.id, result: p.method === 'eth_chainId' ? '0x7a69' : '0x2a' }));

describe('NodeJsonRpcProvider', () => {
  const servers: Server[] = [];
  const providers: NodeJsonRpcProvider[] = [];
  afterEach(async () => {
    providers.splice(0).forEach((p) => p.destroy());
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });
  const open = (url: string, timeoutMs?: number) => {
    const p = new NodeJsonRpcProvider(url, 31337n, { staticNetwork: true, batchMaxCount: 100, batchStallTime: 0 }, timeoutMs);
    providers.push(p);
    return p;
  };

  it('sends calls of one tick as one batch, in order, and decodes UTF-8 natively', async () => {
    const n = await node((body, _req, res) => {
      const calls = [body].flat() as { id: number; method: string; params: unknown[] }[];
      answer(
        res,
        calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: c.method === 'web3_clientVersion' ? 'anvil/€ü' : c.params[0] })),
      );
    });
    servers.push(n.server);
    const p = open(n.url);
    const got = await Promise.all([p.send('eth_sendRawTransaction', ['0x01']), p.send('eth_sendRawTransaction', ['0x02']), p.send('web3_clientVersion', [])]);
    expect(got).toEqual(['0x01', '0x02', 'anvil/€ü']);
    expect(n.seen.bodies).toHaveLength(1);
    expect((n.seen.bodies[0] as { params: unknown[] }[]).map((b) => b.params)).toEqual([['0x01'], ['0x02'], []]);
  });

  it('sendBatch: one request, serialised once, answers matched by id (in any order), each call settling on its own', async () => {
    const n = await node((body, _req, res) => {
      const calls = body as { id: number; params: string[] }[];
      const out = calls.map((c) =>
        c.params[0] === '0xbad'
          ? { jsonrpc: '2.0', id: c.id, error: { code: -32000, message: 'nonce too low' } }
          : { jsonrpc: '2.0', id: c.id, result: `ok${c.params[0]}` },
      );
      answer(res, out.reverse());
    });
    servers.push(n.server);
    const p = open(n.url);
    const stringify = jest.spyOn(JSON, 'stringify');
    const got = await p.sendBatch('eth_sendRawTransaction', [['0x01'], ['0xbad'], ['0x03']]);
    const serialised = stringify.mock.calls.filter(([v]) => Array.isArray(v) && (v[0] as { method?: string })?.method).length; // requests, not the test node's answers
    stringify.mockRestore();
    expect(serialised).toBe(1);
    expect(n.seen.bodies).toHaveLength(1);
    expect((n.seen.bodies[0] as { method: string; params: unknown[] }[]).map((b) => [b.method, b.params])).toEqual([
      ['eth_sendRawTransaction', ['0x01']],
      ['eth_sendRawTransaction', ['0xbad']],
      ['eth_sendRawTransaction', ['0x03']],
    ]);
    expect(got[0]).toEqual({ status: 'fulfilled', value: 'ok0x01' });
    expect(got[2]).toEqual({ status: 'fulfilled', value: 'ok0x03' });
    expect(got[1].status).toBe('rejected');
    expect(String((got[1] as PromiseRejectedResult).reason)).toMatch(/nonce too low/); // ethers' own error for the call
  });

  it('sendCalls: calls of several methods in one request, sent without a stall timer, each answered by its id', async () => {
    const n = await node((body, _req, res) => {
      const calls = body as { id: number; method: string }[];
      answer(res, calls.map((c) => ({ jsonrpc: '2.0', id: c.id, result: c.method })).reverse());
    });
    servers.push(n.server);
    const p = open(n.url);
    const timers = jest.spyOn(global, 'setTimeout');
    const got = await p.sendCalls([
      { method: 'eth_blockNumber', params: [] },
      { method: 'eth_call', params: [{ to: '0x01', data: '0x' }, '0x5'] },
    ]);
    const stalls = timers.mock.calls.filter(([, ms]) => ms === 0 || ms === undefined).length;
    timers.mockRestore();
    expect(got).toEqual([
      { status: 'fulfilled', value: 'eth_blockNumber' },
      { status: 'fulfilled', value: 'eth_call' },
    ]);
    expect(stalls).toBe(0); // ethers' own batching drains on a setTimeout(…, stallTime)
    expect((n.seen.bodies[0] as { method: string; params: unknown[] }[]).map((b) => [b.method, b.params])).toEqual([
      ['eth_blockNumber', []],
      ['eth_call', [{ to: '0x01', data: '0x' }, '0x5']],
    ]);
  });

  it('sendBatch: a transport failure rejects the whole batch with a typed error', async () => {
    const n = await node((_body, _req, res) => {
      res.statusCode = 502;
      res.end('bad gateway');
    });
    servers.push(n.server);
    await expect(open(n.url).sendBatch('eth_sendRawTransaction', [['0x01'], ['0x02']])).rejects.toBeInstanceOf(RpcTransportError);
  });

  it('sends URL credentials as basic auth and never puts them in an error', async () => {
    const n = await node((_body, _req, res) => {
      res.statusCode = 503;
      res.end('busy');
    });
    servers.push(n.server);
    const p = open(n.url.replace('http://', 'http://alice:s3cr%40t@'));
    const error = (await p.send('eth_blockNumber', []).catch((e: unknown) => e)) as RpcTransportError;
    expect(n.seen.auth).toBe(`Basic ${Buffer.from('alice:s3cr@t').toString('base64')}`);
    expect(error).toBeInstanceOf(RpcTransportError);
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.message).toBe('node answered HTTP 503');
    expect(JSON.stringify(error)).not.toContain('s3cr');
  });

  it('a node that does not answer in time is a TIMEOUT; one not listening is a NETWORK_ERROR', async () => {
    const n = await node(() => undefined); // never answers
    servers.push(n.server);
    const slow = (await open(n.url, 200)
      .send('eth_blockNumber', [])
      .catch((e: unknown) => e)) as RpcTransportError;
    expect(slow.code).toBe('TIMEOUT');
    const closed = await node((body, _req, res) => answer(res, results(body)));
    const url = closed.url;
    await new Promise((r) => closed.server.close(r));
    const down = (await open(url)
      .send('eth_blockNumber', [])
      .catch((e: unknown) => e)) as RpcTransportError;
    expect(down.code).toBe('NETWORK_ERROR');
    expect(down.message).toMatch(/ECONNREFUSED/);
  });

  it('a keep-alive connection the node closed is retried once on a fresh one (nothing lost, nothing doubled)', async () => {
    // Raw TCP: the first request on each connection is answered with keep-alive; a second request on
    // the same connection is dropped unanswered (the node closed it as the client reused it).
    let connections = 0;
    const received: string[] = [];
    const server = createTcpServer((socket: Socket) => {
      connections++;
      let served = 0;
      let buffered = '';
      socket.on('data', (d: Buffer) => {
        buffered += d.toString('utf8');
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = JSON.parse(buffered.slice(end + 4, end + 4 + length)) as { id: number; params: string[] };
        buffered = '';
        if (served++ > 0) return void socket.destroy();
        received.push(body.params[0]);
        const json = JSON.stringify({ jsonrpc: '2.0', id: body.id, result: body.params[0] });
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\nconnection: keep-alive\r\n\r\n${json}`,
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const p = open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      expect(await p.send('eth_sendRawTransaction', ['0xaa'])).toBe('0xaa');
      expect(await p.send('eth_sendRawTransaction', ['0xbb'])).toBe('0xbb'); // reused socket dropped → retried
      expect(received).toEqual(['0xaa', '0xbb']);
      expect(connections).toBe(2);
    } finally {
      p.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('JSON-RPC errors stay ethers’ to read (code and message reach the caller)', async () => {
    const n = await node((body, _req, res) => {
      const [call] = [body].flat() as { id: number }[];
      answer(res, { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'Method not found' } });
    });
    servers.push(n.server);
    await expect(open(n.url).send('eth_getBlockReceipts', ['0x1'])).rejects.toThrow(/Method not found/);
  });
});
