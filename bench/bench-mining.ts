import type { AnvilMining } from '@bridge/runtime';

/**
 * How the benches' anvil mines (BENCH_MINING: `auto`, `on-demand` or a block time in seconds). Default:
 * a block every 100 ms — under load `npm start`'s on-demand mining makes the same blocks. Anvil's
 * automine (BENCH_MINING=auto) stalls under this load: a transaction waits in the pool and every later
 * nonce of that sender waits behind it (measured: 6,913 payments stuck behind nonce 8,744; anvil then
 * grows to tens of GB; foundry-rs/foundry#10122; the cause: AnvilOnDemandMiner). Interval mining does
 * not, and is closer to a real chain.
 */
export function benchMining(): AnvilMining {
  const mode = process.env.BENCH_MINING ?? '0.1';
  if (mode === 'auto' || mode === 'on-demand') return mode;
  const seconds = Number(mode);
  if (!(seconds > 0)) throw new Error(`BENCH_MINING must be "auto", "on-demand" or a block time in seconds, not ${mode}`);
  return { blockTimeSeconds: seconds };
}

/** What a stack started with `benchMining()` gets from the runner (ANVIL_MINING / ANVIL_BLOCK_TIME). */
export function benchMiningEnv(): Record<string, string> {
  const mining = benchMining();
  return typeof mining === 'string' ? { ANVIL_MINING: mining } : { ANVIL_BLOCK_TIME: String(mining.blockTimeSeconds) };
}

export function miningLabel(): string {
  const m = benchMining();
  return typeof m === 'string' ? `anvil ${m === 'auto' ? 'automine' : 'on-demand mining'}` : `anvil interval mining, ${m.blockTimeSeconds * 1000} ms blocks`;
}
