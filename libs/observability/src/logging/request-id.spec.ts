import { requestIdFrom } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it("keeps the caller's id when it is a plain token", () => {
    expect(requestIdFrom('req-42.abc:1')).toBe('req-42.abc:1');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });

  it('generates a UUID when there is none', () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
  });

  it('replaces ids that could forge log lines or grow without bound', () => {
    expect(requestIdFrom('abc\n{"level":"error"}')).toMatch(UUID);
    expect(requestIdFrom('x'.repeat(129))).toMatch(UUID);
    expect(requestIdFrom('')).toMatch(UUID);
  });
});
