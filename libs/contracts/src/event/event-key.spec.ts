import { eventKey, sessionKey } from './event-key.js';

describe('eventKey', () => {
  const id = '0190f3a1-2b3c-7d4e-8f60-123456789abc';

  it('tells the same event id of two applications apart', () => {
    expect(eventKey('shop', id)).not.toBe(eventKey('blog', id));
  });

  it('is the same for one application whatever the id letter case', () => {
    expect(eventKey('shop', id.toUpperCase())).toBe(eventKey('shop', id));
  });

  it('gives back its application and id at the last colon, even for an application named with colons', () => {
    const key = eventKey('a:b', id);
    expect([key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)]).toEqual(['a:b', id]);
    expect(key).not.toBe(eventKey('a', id));
  });
});

describe('sessionKey', () => {
  const id = 'E2085BE5-9137-4E4E-80B5-F1FFDDC25423';
  it('tells one session id of two applications apart, whatever its letter case', () => {
    expect(sessionKey('shop', id)).not.toBe(sessionKey('blog', id));
    expect(sessionKey('shop', id)).toBe(sessionKey('shop', id.toLowerCase()));
  });
  it('gives back its application and session id at the last colon', () => {
    const key = sessionKey('a:b', id);
    expect([key.slice(0, key.lastIndexOf(':')), key.slice(key.lastIndexOf(':') + 1)]).toEqual([
      'a:b',
      id.toLowerCase(),
    ]);
  });
});
