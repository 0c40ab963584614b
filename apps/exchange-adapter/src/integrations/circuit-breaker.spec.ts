import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker(3, 1_000, () => now);

  it('opens after the threshold of consecutive failures and fails fast while open', () => {
    const b = breaker();
    b.failure();
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('OPEN');
    expect(b.allow()).toBe(false);
  });

  it('lets calls through after the cooldown; a success closes it, a failure re-opens it', () => {
    const b = breaker();
    [1, 2, 3].forEach(() => b.failure());
    now += 1_000;
    expect(b.state).toBe('HALF_OPEN');
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('OPEN');
    now += 1_000;
    expect(b.allow()).toBe(true);
    b.success();
    expect(b.state).toBe('CLOSED');
  });

  it('says when an open breaker lets calls through again', () => {
    now = 10_000;
    const b = breaker();
    expect(b.retryAt.getTime()).toBe(10_000);
    [1, 2, 3].forEach(() => b.failure());
    now += 400;
    expect(b.retryAt.getTime()).toBe(11_000);
    now += 600;
    expect(b.retryAt.getTime()).toBe(11_000);
  });

  it('a success resets the count of consecutive failures', () => {
    const b = breaker();
    b.failure();
    b.failure();
    b.success();
    b.failure();
    expect(b.state).toBe('CLOSED');
  });
});
