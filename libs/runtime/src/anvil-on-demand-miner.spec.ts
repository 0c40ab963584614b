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

  it('looks every pollMs while blocks are being mined, and slows down idleAfterMs after the last', async () => {
    jest.useFakeTimers();
    let busyUntil = Date.now() + 1_000;
    const { miner, looks } = minerWithLooks(() => Date.now() < busyUntil);
    miner.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(looks()).toBe(1 + 1_000 / ON_DEMAND_MINING_DEFAULTS.pollMs);
    const busy = looks();
    busyUntil = 0;
    await jest.advanceTimersByTimeAsync(ON_DEMAND_MINING_DEFAULTS.idleAfterMs + 1_000);
    const quiet = looks() - busy;
    // idleAfterMs at pollMs (the last block was just mined), then 1 s at idlePollMs
    const expected = ON_DEMAND_MINING_DEFAULTS.idleAfterMs / ON_DEMAND_MINING_DEFAULTS.pollMs + 1_000 / ON_DEMAND_MINING_DEFAULTS.idlePollMs;
    expect(Math.abs(quiet - expected)).toBeLessThanOrEqual(1);
    await miner.stop();
  });
});
