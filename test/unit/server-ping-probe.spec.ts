import { longestPing } from '../../bench/server-ping-probe';

describe("the server ping probe's windows", () => {
  const pings = [
    { endMs: 1_000, ms: 1.2 },
    { endMs: 1_050, ms: 112 }, // the stall: it ends in the window [1000, 1100)
    { endMs: 1_100, ms: 3 }, // belongs to the next window, not this one
  ];

  it('the longest call that ended in the window, by its end', () => {
    expect(longestPing(pings, 1_000, 1_100)).toBe(112);
    expect(longestPing(pings, 1_100, 1_200)).toBe(3);
  });

  it('no call ended in the window: 0', () => {
    expect(longestPing(pings, 2_000, 2_100)).toBe(0);
  });
});
