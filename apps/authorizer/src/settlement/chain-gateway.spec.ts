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
