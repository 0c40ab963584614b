import type { ChainGateway } from './chain-gateway';
import { OrderedBroadcaster } from './ordered-broadcaster';

/** A chain whose broadcasts resolve only when the test says so, recording what was sent when. */
function fakeChain() {
  const sent: string[] = [];
  const open: (() => void)[] = [];
  const one = (raw: string) => {
    sent.push(raw);
    if (raw === 'bad') return Promise.reject(new Error('rejected'));
    return new Promise<void>((r) => open.push(r));
  };
  const chain = {
    broadcastMany: (txs: { rawTx: string }[]) => Promise.allSettled(txs.map((t) => one(t.rawTx))),
  } as unknown as ChainGateway;
  const releaseAll = () => open.splice(0).forEach((r) => r());
  return { chain, sent, releaseAll };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('OrderedBroadcaster', () => {
  it('sends a wallet’s transactions in order, the next request only after the previous one answered', async () => {
    const { chain, sent, releaseAll } = fakeChain();
    const b = new OrderedBroadcaster(chain);
    const first = [b.send('w', 'n0', 'h0'), b.send('w', 'n1', 'h1')];
    await tick();
    expect(sent).toEqual(['n0', 'n1']); // one batch
    const later = b.send('w', 'n2', 'h2');
    await tick();
    expect(sent).toEqual(['n0', 'n1']); // waits for the batch in flight
    releaseAll();
    await Promise.all(first);
    await tick();
    expect(sent).toEqual(['n0', 'n1', 'n2']);
    releaseAll();
    await later;
  });

  it('wallets do not wait for each other, and one failed broadcast fails only its caller', async () => {
    const { chain, sent, releaseAll } = fakeChain();
    const b = new OrderedBroadcaster(chain);
    const a = b.send('a', 'a0', 'h');
    const bad = expect(b.send('b', 'bad', 'h')).rejects.toThrow('rejected');
    await tick();
    expect(sent).toEqual(['a0', 'bad']);
    await bad;
    releaseAll();
    await expect(a).resolves.toBeUndefined();
  });
});
