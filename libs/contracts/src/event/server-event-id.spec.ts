import { validate as isUuid, version } from 'uuid';
import { newEventId } from './server-event-id.js';

describe('newEventId', () => {
  it('makes distinct RFC 9562 version-7 UUIDs across pool refills, stamped with the current millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5_000 }, () => newEventId()); // several refills of the 1,024-id pool
    const after = Date.now();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(version(id)).toBe(7);
      expect(id[19]).toMatch(/[89ab]/); // the RFC 4122 variant
      const millis = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(millis).toBeGreaterThanOrEqual(before);
      expect(millis).toBeLessThanOrEqual(after);
    }
  });
});
