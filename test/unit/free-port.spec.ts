import { freePort, PORT_TAKEN } from '../../tools/dev/spawn-stack';

describe('freePort', () => {
  // 1,500 draws from 12,000 ports: without the process's own record, two alike are all but certain
  // (birthday bound: p ≈ 1 − e^(−1500²/24000) > 0.999), as two of one stack's seven once were.
  it('never hands out the same port twice in one process', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 1_500; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    expect(Math.min(...ports)).toBeGreaterThanOrEqual(20_000);
    expect(Math.max(...ports)).toBeLessThan(32_768); // below Linux's ephemeral range
  });

  it('knows how a taken port is reported by Node, anvil and PostgreSQL', () => {
    expect(PORT_TAKEN.test('listen EADDRINUSE: address already in use 127.0.0.1:2')).toBe(true);
    expect(PORT_TAKEN.test('anvil exited with code 1: Error: Address already in use (os error 98)')).toBe(true);
    expect(PORT_TAKEN.test('could not bind IPv4 address "127.0.0.1": Address already in use')).toBe(true);
    expect(PORT_TAKEN.test('anvil exited with code 1: Error: invalid hardfork')).toBe(false);
  });
});
