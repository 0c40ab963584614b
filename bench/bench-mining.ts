/**
 * How the benches' anvil mines. Default: a block every 100 ms. Anvil's automine (BENCH_MINING=auto)
 * stalls under this load: a mined transaction stays in its pool and every later nonce of that sender
 * waits behind it for good (measured: 6,913 payments stuck behind nonce 8,744; anvil then grows to
 * tens of GB; foundry-rs/foundry#10122). Interval mining does not, and is closer to a real chain.
 */
export function benchBlockTimeSeconds(): number | undefined {
  const mode = process.env.BENCH_MINING ?? '0.1';
  if (mode === 'auto') return undefined;
  const seconds = Number(mode);
  if (!(seconds > 0)) throw new Error(`BENCH_MINING must be "auto" or a block time in seconds, not ${mode}`);
  return seconds;
}

export function miningLabel(): string {
  const s = benchBlockTimeSeconds();
  return s === undefined ? 'anvil automine' : `anvil interval mining, ${s * 1000} ms blocks`;
}
