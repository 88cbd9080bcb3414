import { createHash } from 'node:crypto';
import { rateLimitTracker } from './rate-limit.tracker.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('rateLimitTracker', () => {
  it('tracks a bearer key by its SHA-256 digest, never the key itself', () => {
    const tracker = rateLimitTracker('Bearer demo-key-change-me', '10.0.0.1');
    expect(tracker).toBe(`key:${sha256('demo-key-change-me')}`);
    expect(tracker).not.toContain('demo-key');
  });

  it('accepts the scheme in any case', () => {
    expect(rateLimitTracker('bearer k1', undefined)).toBe(`key:${sha256('k1')}`);
  });

  it('falls back to the client address without a bearer key', () => {
    expect(rateLimitTracker(undefined, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(rateLimitTracker('Basic dXNlcjpwYXNz', '10.0.0.2')).toBe('ip:10.0.0.2');
  });
});
