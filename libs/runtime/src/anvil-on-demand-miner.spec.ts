import { AnvilOnDemandMiner, ON_DEMAND_MINING_DEFAULTS } from './anvil-on-demand-miner';

/** The miner with its look at the node replaced: counts the looks, and mines when `mines` says so. */
function minerWithLooks(mines: () => boolean) {
  const miner = new AnvilOnDemandMiner('http://127.0.0.1:1', ON_DEMAND_MINING_DEFAULTS);
  const inner = miner as unknown as { check(): Promise<void>; lastBlockAt: number };
  let looks = 0;
  jest.spyOn(inner, 'check').mockImplementation(async () => {
    looks++;
    if (mines()) inner.lastBlockAt = Date.now();
  });
  return { miner, looks: () => looks };
}

describe('AnvilOnDemandMiner', () => {
  afterEach(() => jest.useRealTimers());

  it('wakes every idlePollMs while the chain is quiet, not every pollMs', async () => {
    jest.useFakeTimers();
    const { miner, looks } = minerWithLooks(() => false);
    miner.start();
    await jest.advanceTimersByTimeAsync(10_000);
    // 1 at the start, then one per 250 ms (it was one per 50 ms, returning early, before)
    expect(looks()).toBe(1 + 10_000 / ON_DEMAND_MINING_DEFAULTS.idlePollMs);
    await miner.stop();
  });

  it('looks every minBlockMs while each look mines a block, every pollMs after one that did not, and every idlePollMs from idleAfterMs after the last block', async () => {
    jest.useFakeTimers();
    let busyUntil = Date.now() + 1_000;
    const { miner, looks } = minerWithLooks(() => Date.now() < busyUntil);
    miner.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(looks()).toBe(1 + 1_000 / ON_DEMAND_MINING_DEFAULTS.minBlockMs);
    const busy = looks();
    busyUntil = 0;
    await jest.advanceTimersByTimeAsync(ON_DEMAND_MINING_DEFAULTS.idleAfterMs + 1_000);
    const quiet = looks() - busy;
    // the last block at 900 ms: looks at 1,000 (none to mine), then every pollMs to 2,900, then every idlePollMs
    const { pollMs, idleAfterMs, idlePollMs, minBlockMs } = ON_DEMAND_MINING_DEFAULTS;
    const expected = (idleAfterMs - minBlockMs) / pollMs + 1 + 1_000 / idlePollMs;
    expect(Math.abs(quiet - expected)).toBeLessThanOrEqual(1);
    await miner.stop();
  });
});
