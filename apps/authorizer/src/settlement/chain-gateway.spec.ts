import type { AuthorizerConfig } from '../config/authorizer-config';
import { ChainError } from './chain-error';
import { ChainGateway } from './chain-gateway';

/** A gateway whose provider is a stand-in recording each JSON-RPC batch request (no node). */
function gatewayWith(sendBatch: (method: string, params: unknown[][]) => Promise<PromiseSettledResult<unknown>[]>) {
  const requests: string[][] = [];
  const gateway = new ChainGateway({ rpcUrl: 'http://127.0.0.1:1' } as AuthorizerConfig);
  Object.assign(gateway, {
    provider: {
      sendBatch: async (method: string, params: unknown[][]) => {
        requests.push(params.map((p) => String(p[0])));
        return sendBatch(method, params);
      },
    },
  });
  return { gateway, requests };
}

describe('ChainGateway.broadcastMany', () => {
  it('wallets broadcasting in the same event-loop turn share one batch request, each wallet’s transactions together and in order', async () => {
    const { gateway, requests } = gatewayWith(async (_m, params) => params.map((p) => ({ status: 'fulfilled', value: `hash of ${String(p[0])}` })));
    const tx = (raw: string) => ({ rawTx: raw, hash: `h-${raw}` });
    const [a, b] = await Promise.all([gateway.broadcastMany([tx('a0'), tx('a1')]), gateway.broadcastMany([tx('b0')])]);
    expect(requests).toEqual([['a0', 'a1', 'b0']]);
    expect([...a, ...b].map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    await gateway.broadcastMany([tx('a2')]);
    expect(requests).toEqual([['a0', 'a1', 'b0'], ['a2']]); // a later turn: its own request
  });

  it('one rejected transaction fails alone; a transport failure fails every transaction of the request with a ChainError', async () => {
    const node = gatewayWith(async (_m, params) =>
      params.map((p) => (p[0] === 'bad' ? { status: 'rejected', reason: new Error('insufficient funds for gas') } : { status: 'fulfilled', value: '0x' })),
    );
    const results = await node.gateway.broadcastMany([
      { rawTx: 'ok', hash: 'h1' },
      { rawTx: 'bad', hash: 'h2' },
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ChainError);

    const down = gatewayWith(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const failed = await down.gateway.broadcastMany([
      { rawTx: 'x', hash: 'h3' },
      { rawTx: 'y', hash: 'h4' },
    ]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    failed.forEach((r) => expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ChainError));
  });
});

/** A gateway whose provider answers reads (sendCalls) from `answer`, recording each batch request. */
function readerWith(answer: (method: string, params: readonly unknown[]) => unknown) {
  const requests: string[][] = [];
  const gateway = new ChainGateway({ rpcUrl: 'http://127.0.0.1:1' } as AuthorizerConfig);
  Object.assign(gateway, {
    provider: {
      sendCalls: async (calls: { method: string; params: readonly unknown[] }[]) => {
        requests.push(calls.map((c) => c.method));
        return calls.map((c) => {
          try {
            return { status: 'fulfilled', value: answer(c.method, c.params) };
          } catch (e) {
            return { status: 'rejected', reason: e };
          }
        });
      },
    },
  });
  return { gateway, requests };
}

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const word = (v: bigint) => `0x${v.toString(16).padStart(64, '0')}`;

describe('ChainGateway reads', () => {
  it('the funds and head reads of one event-loop turn go as one batch request, pinned to the block asked for', async () => {
    const seen: unknown[][] = [];
    const { gateway, requests } = readerWith((method, params) => {
      seen.push([method, ...params]);
      if (method === 'eth_blockNumber') return '0x2a';
      if (method === 'eth_getBalance') return '0xde0b6b3a7640000';
      return word(1_234_567n);
    });
    const [head, coin, balance, allowance] = await Promise.all([
      gateway.blockNumber(),
      gateway.nativeBalance(OWNER, 42n),
      gateway.tokenBalance(TOKEN, OWNER, 42n),
      gateway.tokenAllowance(TOKEN, OWNER, TOKEN),
    ]);
    expect(requests).toEqual([['eth_blockNumber', 'eth_getBalance', 'eth_call', 'eth_call']]);
    expect([head, coin, balance, allowance]).toEqual([42, 10n ** 18n, 1_234_567n, 1_234_567n]);
    expect(seen[1]).toEqual(['eth_getBalance', OWNER, '0x2a']);
    expect(seen[2]).toEqual(['eth_call', { to: TOKEN, data: `0x70a08231${OWNER.slice(2).toLowerCase().padStart(64, '0')}` }, '0x2a']);
    expect(seen[3][2]).toBe('latest');
  });

  it('a refused call fails alone, a transport failure fails each call, and an answer that is no uint256 word is refused — all as ChainErrors', async () => {
    const { gateway } = readerWith((method, params) => {
      if (params[1] === '0x1') throw new Error('header not found');
      if (params[1] === '0x2') return '0x'; // no contract at that address
      return word(7n);
    });
    const got = await Promise.allSettled([
      gateway.tokenBalance(TOKEN, OWNER, 1n),
      gateway.tokenBalance(TOKEN, OWNER, 2n),
      gateway.tokenBalance(TOKEN, OWNER, 3n),
    ]);
    expect(got.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((got[0] as PromiseRejectedResult).reason).toBeInstanceOf(ChainError);
    expect(String((got[1] as PromiseRejectedResult).reason)).toMatch(/not one uint256 word/);

    const down = new ChainGateway({ rpcUrl: 'http://127.0.0.1:1' } as AuthorizerConfig);
    Object.assign(down, { provider: { sendCalls: async () => Promise.reject(Object.assign(new Error('node unreachable'), { code: 'NETWORK_ERROR' })) } });
    const failed = await Promise.allSettled([down.blockNumber(), down.nativeBalance(OWNER)]);
    failed.forEach((r) => expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'ChainError', code: 'UNAVAILABLE' }));
  });

  it('knownHead: the last head asked for, while recent; after a reorg to a shorter chain the lower one', async () => {
    let head = '0x10';
    const { gateway } = readerWith(() => head);
    expect(gateway.knownHead(1_000)).toBeUndefined();
    const before = Date.now();
    await gateway.headNow();
    expect(gateway.knownHead(1_000)).toEqual({ block: 16, at: expect.any(Number) });
    expect(gateway.knownHead(1_000)!.at).toBeGreaterThanOrEqual(before);
    expect(gateway.knownHead(0)).toBeUndefined(); // FUNDS_MAX_AGE_MS=0: always ask
    head = '0xc';
    await gateway.headNow();
    expect(gateway.knownHead(1_000)!.block).toBe(12);
    expect(gateway.head).toBe(16); // ops' gauge: the highest seen
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 1_001);
    expect(gateway.knownHead(1_000)).toBeUndefined();
    jest.restoreAllMocks();
  });
});
