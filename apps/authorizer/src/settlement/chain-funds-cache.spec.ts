import { ChainFundsCache, type FundsRead } from './chain-funds-cache';
import type { ChainGateway } from './chain-gateway';

/** A node that answers when told to, counting what it was asked. */
function fakeChain() {
  const asked: string[] = [];
  const answers: (() => void)[] = [];
  const later = <T>(what: string, value: T) =>
    new Promise<T>((resolve) => {
      asked.push(what);
      answers.push(() => resolve(value));
    });
  const chain = {
    blockNumber: () => later('blockNumber', 7),
    nativeBalance: (owner: string) => later(`native:${owner}`, 100n),
    tokenBalance: (token: string, owner: string) => later(`erc20:${owner}`, 50n),
  } as unknown as ChainGateway;
  const answerAll = async () => {
    for (let i = 0; i < 5; i++) {
      answers.splice(0).forEach((a) => a());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { chain, asked, answerAll };
}

const READS: FundsRead[] = [
  { kind: 'native', owner: '0xsigner' },
  { kind: 'erc20', token: '0xtoken', owner: '0xcard' },
];

describe('ChainFundsCache.warm', () => {
  it('starts the reads a batch will need, which the batch then shares instead of asking the node again', async () => {
    const { chain, asked, answerAll } = fakeChain();
    const cache = new ChainFundsCache(chain, { fundsMaxAgeMs: 1_000 });
    cache.warm(READS);
    expect(asked).toEqual(['blockNumber']); // started before any batch asks
    const batch = cache.read(READS); // the batch comes while the reads are in flight
    await answerAll();
    expect(await batch).toEqual([expect.objectContaining({ value: 100n, block: 7n }), expect.objectContaining({ value: 50n, block: 7n })]);
    expect(asked).toEqual(['blockNumber', 'native:0xsigner', 'erc20:0xcard']);
  });

  it('leaves fresh readings alone and reads again only what is past its age', async () => {
    const { chain, asked, answerAll } = fakeChain();
    const cache = new ChainFundsCache(chain, { fundsMaxAgeMs: 1_000 });
    cache.warm(READS);
    await answerAll();
    cache.warm(READS);
    expect(asked).toHaveLength(3); // both fresh: nothing asked
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 1_001);
    try {
      cache.warm(READS);
      await answerAll();
      expect(asked).toHaveLength(6);
    } finally {
      clock.mockRestore();
    }
  });

  it('swallows a failed read: the batch that needs it reads again and reports it', async () => {
    const chain = { blockNumber: () => Promise.reject(new Error('node down')) } as unknown as ChainGateway;
    const cache = new ChainFundsCache(chain, { fundsMaxAgeMs: 1_000 });
    cache.warm(READS);
    await new Promise((r) => setImmediate(r));
    await expect(cache.read(READS)).rejects.toThrow('node down');
  });
});
