/**
 * Runs `pass` every `intervalMs`, never two passes at once (a slow pass is not overlapped by the
 * next); a failing pass is reported, not thrown. The timer does not keep the process alive.
 * `intervalMs` may instead be a function, asked after each pass for the wait before the next one: a
 * loop that looks less often while nothing happens then also wakes its process less often (a timer
 * that fires only to find it is not yet time costs a wake-up all the same).
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Which start() a waiting timer belongs to: a pass that ends after a stop() and a new start() re-arms nothing. */
  private started = 0;

  constructor(
    private readonly intervalMs: number | (() => number),
    private readonly pass: () => Promise<void>,
    private readonly onError: (e: Error) => void,
  ) {}

  start(runNow = false): void {
    this.stopped = false;
    const waitMs = this.intervalMs;
    if (typeof waitMs === 'number') {
      (this.timer = setInterval(() => void this.tick(), waitMs)).unref();
      if (runNow) void this.tick();
      return;
    }
    const started = ++this.started;
    if (runNow) void this.tick().then(() => this.arm(waitMs, started));
    else this.arm(waitMs, started);
  }

  /**
   * No pass starts after this; resolves when the one under way has ended — so that on shutdown the
   * clients a pass uses (chain node, database, the adapter's connection) are closed after it, not
   * under it (a pass cut short lost the payment events it was about to send).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer); // either kind of Node.js timer
    await this.running;
  }

  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.pass()
      .catch((e: unknown) => this.onError(e as Error))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** The wait is decided once the pass before it has ended: it sees what that pass found. */
  private arm(waitMs: () => number, started: number): void {
    if (this.stopped || started !== this.started) return;
    this.timer = setTimeout(() => void this.tick().then(() => this.arm(waitMs, started)), waitMs());
    this.timer.unref();
  }
}
