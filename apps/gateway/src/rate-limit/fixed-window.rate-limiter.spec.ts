import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';

function limiterAt(limit: number, windowMs: number) {
  let now = 1_000_000;
  const limiter = new FixedWindowRateLimiter(limit, windowMs, () => now);
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

  it('forgets trackers whose window has expired', () => {
    const { limiter, advance } = limiterAt(5, 60_000);
    for (let i = 0; i < 50; i++) limiter.hit(`ip:${i}`);
    advance(61_000);
    limiter.hit('ip:new');
    expect(limiter.size).toBe(1);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new FixedWindowRateLimiter(0, 60_000)).toThrow(/positive integer/);
  });
});
