import { eventKey } from './event-key.js';

describe('eventKey', () => {
  const id = '0190f3a1-2b3c-7d4e-8f60-123456789abc';

  it('tells the same event id of two applications apart', () => {
    expect(eventKey('shop', id)).not.toBe(eventKey('blog', id));
  });

  it('is the same for one application whatever the id letter case', () => {
    expect(eventKey('shop', id.toUpperCase())).toBe(eventKey('shop', id));
  });

  it('cannot be produced by another (application, id) pair, even an application named with colons', () => {
    expect(eventKey('a:b', id)).not.toBe(eventKey('a', `b:${id}`));
    expect(eventKey('a:b', id)).toBe(`a:b:${id}`);
  });
});
