import { Semaphore } from './semaphore';

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('never runs more than its permits at once, and serves waiters in arrival order', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const release: (() => void)[] = [];
    const task = (i: number) =>
      s.run(async () => {
        order.push(i);
        peak = Math.max(peak, ++running);
        await new Promise<void>((r) => release.push(r));
        running--;
      });
    const all = [0, 1, 2, 3, 4].map(task);
    await tick();
    expect(order).toEqual([0, 1]);
    release.shift()!();
    await tick();
    const late = task(5); // arrives after 2, 3, 4 were queued: must not jump the queue
    await tick();
    expect(order).toEqual([0, 1, 2]);
    while (release.length) {
      release.shift()!();
      await tick();
    }
    await Promise.all([...all, late]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('gives the permit back when the task throws', async () => {
    const s = new Semaphore(1);
    await expect(s.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(s.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('refuses zero permits', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
