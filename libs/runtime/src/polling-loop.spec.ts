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
