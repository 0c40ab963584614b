/**
 * CPU µs this process spends per wake-up of an otherwise idle Node.js event loop (an empty 5 ms
 * interval): the kernel's timer and scheduler work plus libuv's turn. Outside a VM typically a few µs;
 * on some of this repository's VMs 45–120 — there every event an authorization causes (a socket read,
 * a timer) costs that much again, which is why the same code spends 6× more CPU per authorization at
 * 200/s than at saturation (docs/performance.md, session 24).
 */
export async function timerWakeupCpuUs(durationMs: number): Promise<number> {
  let ticks = 0;
  const before = process.cpuUsage();
  const interval = setInterval(() => ticks++, 5);
  await new Promise((r) => setTimeout(r, durationMs));
  clearInterval(interval);
  const used = process.cpuUsage(before);
  return Number(((used.user + used.system) / Math.max(1, ticks)).toFixed(1));
}
