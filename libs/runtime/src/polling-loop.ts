/**
 * Runs `pass` every `intervalMs`, never two passes at once (a slow pass is not overlapped by the
 * next); a failing pass is reported, not thrown. The timer does not keep the process alive.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<void>,
    private readonly onError: (e: Error) => void,
  ) {}

  start(runNow = false): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    if (runNow) void this.tick();
  }

  /**
   * No pass starts after this; resolves when the one under way has ended — so that on shutdown the
   * clients a pass uses (chain node, database, the adapter's connection) are closed after it, not
   * under it (a pass cut short lost the payment events it was about to send).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  tick(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = this.pass()
      .catch((e: unknown) => this.onError(e as Error))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
