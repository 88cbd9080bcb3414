import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';

function limiterAt(limit: number, windowMs: number) {
  let now = 1_000_000;
  const limiter = new FixedWindowRateLimiter(limit, windowMs, 1000, () => now);
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('FixedWindowRateLimiter', () => {
  it('allows `limit` requests in a window and refuses the next with the seconds left', () => {
    const { limiter, advance } = limiterAt(100, 60_000);
    for (let i = 0; i < 100; i++) expect(limiter.hit('key:a')).toMatchObject({ allowed: true });
    advance(15_500);
    expect(limiter.hit('key:a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });

  it('counts the remaining requests down', () => {
    const { limiter } = limiterAt(3, 60_000);
    expect([limiter.hit('k'), limiter.hit('k'), limiter.hit('k')]).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
  });

  it('starts a fresh window once the previous one has passed', () => {
    const { limiter, advance } = limiterAt(1, 60_000);
    limiter.hit('k');
    expect(limiter.hit('k').allowed).toBe(false);
    advance(60_000);
    expect(limiter.hit('k').allowed).toBe(true);
  });

  it('keeps one count per tracker', () => {
    const { limiter } = limiterAt(1, 60_000);
    expect(limiter.hit('key:a').allowed).toBe(true);
    expect(limiter.hit('key:b').allowed).toBe(true);
    expect(limiter.hit('key:a').allowed).toBe(false);
  });

  it('never asks to retry after less than one second', () => {
    const { limiter, advance } = limiterAt(1, 60_000);
    limiter.hit('k');
    advance(59_999);
    expect(limiter.hit('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('holds at most maxTrackers, forgetting the least recently seen, whatever the traffic', () => {
    const limiter = new FixedWindowRateLimiter(5, 60_000, 1000);
    for (let i = 0; i < 50_000; i++) limiter.hit(`made-up-${i}`);
    expect(limiter.size).toBe(1000);
    // A tracker seen recently keeps its count; the evicted ones start afresh.
    for (let i = 0; i < 5; i++) limiter.hit('busy');
    for (let i = 0; i < 999; i++) limiter.hit(`other-${i}`);
    expect(limiter.hit('busy').allowed).toBe(false);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new FixedWindowRateLimiter(0, 60_000, 10)).toThrow(/positive integer/);
  });
});
