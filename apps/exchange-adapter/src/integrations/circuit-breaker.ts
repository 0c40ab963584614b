/**
 * CLOSED → OPEN after `threshold` consecutive failures; while OPEN calls fail at once (the authorizer
 * answers 91 fast instead of waiting on a dead exchange); after `cooldownMs` calls are let through
 * again (HALF_OPEN): the first success closes it, the first failure opens it for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): 'CLOSED' | 'OPEN' | 'HALF_OPEN' {
    if (this.failures < this.threshold) return 'CLOSED';
    return this.now() - this.openedAt >= this.cooldownMs ? 'HALF_OPEN' : 'OPEN';
  }

  /** True when a call may go out now. */
  allow(): boolean {
    const state = this.state;
    return state !== 'OPEN';
  }

  /** When an OPEN breaker lets calls through again (now, when it is not OPEN). */
  get retryAt(): Date {
    return new Date(this.state === 'OPEN' ? this.openedAt + this.cooldownMs : this.now());
  }

  success(): void {
    this.failures = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
