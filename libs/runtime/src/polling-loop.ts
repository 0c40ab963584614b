/**
 * Runs `pass` every `intervalMs`, never two passes at once (a slow pass is not overlapped by the
 * next); a failing pass is reported, not thrown. The timer does not keep the process alive.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: () => Promise<void>,
    private readonly onError: (e: Error) => void,
  ) {}

  start(runNow = false): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    if (runNow) void this.tick();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.pass();
    } catch (e) {
      this.onError(e as Error);
    } finally {
      this.running = false;
    }
  }
}
