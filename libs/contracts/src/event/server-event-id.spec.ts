import { parse, validate as isUuid, version } from 'uuid';
import { newEventId } from './server-event-id.js';

describe('newEventId', () => {
  const before = Date.now();
  const ids = Array.from({ length: 5_000 }, () => newEventId()); // several refills of the 1,024-id pool
  const after = Date.now();

  it('makes distinct RFC 9562 version-7 UUIDs across pool refills, stamped with the current millisecond', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isUuid(id)).toBe(true);
      expect(version(id)).toBe(7);
      const bytes = parse(id);
      expect(bytes[8] >> 6).toBe(0b10); // the RFC 9562 variant
      const millis = bytes.slice(0, 6).reduce((value, byte) => value * 256 + byte, 0);
      expect(millis).toBeGreaterThanOrEqual(before);
      expect(millis).toBeLessThanOrEqual(after);
    }
  });

  it('fills every random position with random digits', () => {
    // 74 random bits: rand_a (positions 15-17) and rand_b (20-22, 24-35), plus the two free bits
    // of position 19. Over 5,000 ids each position shows all its possible digits.
    const randomPositions = [15, 16, 17, 20, 21, 22, ...Array.from({ length: 12 }, (_, i) => 24 + i)];
    for (const position of randomPositions) {
      expect(new Set(ids.map((id) => id[position])).size).toBe(16);
    }
    expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
  });
});
