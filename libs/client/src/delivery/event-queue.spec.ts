import { describe, expect, it } from '@jest/globals';
import { batchLimits, SERVER_LIMITS } from './delivery-limits.js';
import { batchBytes, EventQueue } from './event-queue.js';

const item = (bytes: number, id = 0) => ({ bytes, id });

describe('EventQueue batches', () => {
  it('takes at most maxEvents per batch, oldest first', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 100, maxBytes: 1e9 });
    for (let id = 0; id < 7; id += 1) queue.offer(item(10, id));
    expect(queue.takeBatch({ maxEvents: 3, maxBytes: 1e6 }).map((i) => i.id)).toEqual([0, 1, 2]);
    expect(queue.takeBatch({ maxEvents: 3, maxBytes: 1e6 }).map((i) => i.id)).toEqual([3, 4, 5]);
    expect(queue.takeBatch({ maxEvents: 3, maxBytes: 1e6 }).map((i) => i.id)).toEqual([6]);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
  });

  it('keeps the JSON array body, brackets and commas included, within maxBytes', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 100, maxBytes: 1e9 });
    for (let id = 0; id < 5; id += 1) queue.offer(item(10, id));
    // [a,b,c] = 2 + 3*10 + 2 = 34 bytes: fits exactly in 34, a fourth would need 45.
    expect(queue.takeBatch({ maxEvents: 100, maxBytes: 34 })).toHaveLength(3);
    // [d,e] would be 23 bytes.
    expect(queue.takeBatch({ maxEvents: 100, maxBytes: 22 })).toHaveLength(1);
  });

  it('always takes at least one event, so an event at the per-event limit still goes out alone', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 100, maxBytes: 1e9 });
    queue.offer(item(SERVER_LIMITS.maxEventBytes));
    queue.offer(item(10));
    expect(queue.takeBatch({ maxEvents: 100, maxBytes: 1000 })).toHaveLength(1);
  });

  it('never builds a batch the server would refuse for size, whatever the options asked for', () => {
    const limits = batchLimits(10_000, 50 * 1024 * 1024);
    expect(limits).toEqual({ maxEvents: 500, maxBytes: 1024 * 1024 });
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 1e6, maxBytes: 1e12 });
    for (let id = 0; id < 2000; id += 1) queue.offer(item(id % 2 === 0 ? 30_000 : 100, id));
    while (queue.length > 0) {
      const batch = queue.takeBatch(limits);
      expect(batch.length).toBeLessThanOrEqual(SERVER_LIMITS.maxEventsPerRequest);
      expect(
        batchBytes(
          batch.reduce((s, i) => s + i.bytes, 0),
          batch.length,
        ),
      ).toBeLessThanOrEqual(SERVER_LIMITS.maxBodyBytes);
    }
  });

  it('says a batch is full when the count or the byte budget is reached', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 100, maxBytes: 1e9 });
    queue.offer(item(10));
    queue.offer(item(10));
    expect(queue.fillsBatch({ maxEvents: 3, maxBytes: 1000 })).toBe(false);
    expect(queue.fillsBatch({ maxEvents: 2, maxBytes: 1000 })).toBe(true);
    expect(queue.fillsBatch({ maxEvents: 100, maxBytes: 23 })).toBe(true);
  });
});

describe('EventQueue overflow', () => {
  it('refuses the newest event once maxEvents are held, and keeps the older ones', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 2, maxBytes: 1e9 });
    expect(queue.offer(item(10, 1))).toBe(true);
    expect(queue.offer(item(10, 2))).toBe(true);
    expect(queue.offer(item(10, 3))).toBe(false);
    expect(queue.drain().map((i) => i.id)).toEqual([1, 2]);
  });

  it('refuses the newest event once maxBytes would be exceeded', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 100, maxBytes: 25 });
    expect(queue.offer(item(20, 1))).toBe(true);
    expect(queue.offer(item(10, 2))).toBe(false);
    expect(queue.offer(item(5, 3))).toBe(true);
  });

  it('counts events taken out for sending against the bound', () => {
    const queue = new EventQueue<{ bytes: number; id: number }>({ maxEvents: 3, maxBytes: 1e9 });
    expect(queue.offer(item(10), { events: 2, bytes: 20 })).toBe(true);
    expect(queue.offer(item(10), { events: 2, bytes: 20 })).toBe(false);
  });
});
