import { PollingLoop } from './polling-loop';

/** A pass that ends when the test says so. */
function gatedPass() {
  const log: string[] = [];
  let open: (() => void) | undefined;
  const pass = () => {
    log.push('start');
    return new Promise<void>((resolve) => (open = () => (log.push('end'), resolve())));
  };
  return { pass, log, end: () => open?.() };
}

describe('PollingLoop', () => {
  it('never runs two passes at once', async () => {
    const g = gatedPass();
    const loop = new PollingLoop(60_000, g.pass, () => undefined);
    void loop.tick();
    void loop.tick();
    expect(g.log).toEqual(['start']);
    g.end();
    await loop.tick(); // the pass under way, awaited
    void loop.tick();
    expect(g.log).toEqual(['start', 'end', 'start']);
    g.end();
  });

  it('reports a failing pass instead of throwing', async () => {
    const errors: string[] = [];
    const loop = new PollingLoop(
      60_000,
      () => Promise.reject(new Error('node down')),
      (e) => errors.push(e.message),
    );
    await loop.tick();
    expect(errors).toEqual(['node down']);
  });

  it('stop() resolves only once the pass under way has ended, and no pass starts after it', async () => {
    const g = gatedPass();
    const loop = new PollingLoop(60_000, g.pass, () => undefined);
    void loop.tick();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    g.end();
    await stopping;
    expect(g.log).toEqual(['start', 'end']);
    await loop.tick();
    expect(g.log).toEqual(['start', 'end']);
  });
});

describe('PollingLoop with a wait decided after each pass', () => {
  afterEach(() => jest.useRealTimers());

  it('waits what the function says once the pass before has ended, and stops', async () => {
    jest.useFakeTimers();
    const starts: number[] = [];
    let wait = 100;
    const loop = new PollingLoop(
      () => wait,
      async () => void starts.push(Date.now()),
      () => undefined,
    );
    const t0 = Date.now();
    loop.start();
    await jest.advanceTimersByTimeAsync(300);
    wait = 250; // asked after the pass at 400 ms: the next comes at 650
    await jest.advanceTimersByTimeAsync(600);
    expect(starts.map((t) => t - t0)).toEqual([100, 200, 300, 400, 650, 900]);
    await loop.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(6);
  });

  it('a stop() and a new start() while a pass is under way leave one timer, not two', async () => {
    jest.useFakeTimers();
    const g = gatedPass();
    const loop = new PollingLoop(
      () => 100,
      g.pass,
      () => undefined,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(100); // the first pass starts, and waits on the gate
    const stopping = loop.stop();
    loop.start();
    g.end(); // the old start()'s pass ends: it must not re-arm beside the new start()'s timer
    await stopping;
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(100); // the new start()'s first pass
    g.end();
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);
    expect(g.log).toEqual(['start', 'end', 'start', 'end']);
    await loop.stop();
    expect(jest.getTimerCount()).toBe(0);
  });
});
