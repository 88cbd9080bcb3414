import type { BatchLimits } from './delivery-limits.js';

/** Something with a serialized size, as queued for sending. */
export interface Sized {
  /** UTF-8 bytes of the item's JSON. */
  readonly bytes: number;
}

export interface QueueBounds {
  maxEvents: number;
  maxBytes: number;
}

/**
 * The bounded in-memory queue of events waiting to be sent. Overflow policy: the newest event is
 * refused (`offer` returns false) and what is already queued is kept — the caller learns at once
 * that its event was dropped, instead of an older event vanishing silently.
 */
export class EventQueue<T extends Sized> {
  private items: T[] = [];
  private totalBytes = 0;

  constructor(private readonly bounds: QueueBounds) {}

  get length(): number {
    return this.items.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Adds an item unless that would exceed the queue's bounds.
   * @param heldElsewhere events already taken out for sending, which still count against the bound
   */
  offer(item: T, heldElsewhere: { events: number; bytes: number } = { events: 0, bytes: 0 }): boolean {
    if (this.items.length + heldElsewhere.events + 1 > this.bounds.maxEvents) return false;
    if (this.totalBytes + heldElsewhere.bytes + item.bytes > this.bounds.maxBytes) return false;
    this.items.push(item);
    this.totalBytes += item.bytes;
    return true;
  }

  /**
   * Whether the queued events fill a batch: the next event would no longer fit in one request.
   */
  fillsBatch(limits: BatchLimits): boolean {
    return (
      this.items.length >= limits.maxEvents ||
      batchBytes(this.totalBytes, this.items.length) >= limits.maxBytes
    );
  }

  /**
   * Removes and returns the oldest events that fit in one request body (`[a,b,…]`): at most
   * `maxEvents`, at most `maxBytes`, and always at least one event when any is queued.
   */
  takeBatch(limits: BatchLimits): T[] {
    let count = 0;
    let bytes = 2; // the brackets
    for (const item of this.items) {
      const added = item.bytes + (count > 0 ? 1 : 0); // the comma
      if (count > 0 && (count >= limits.maxEvents || bytes + added > limits.maxBytes)) break;
      count += 1;
      bytes += added;
    }
    const batch = this.items.splice(0, count);
    this.totalBytes -= batch.reduce((sum, item) => sum + item.bytes, 0);
    return batch;
  }

  /** Removes and returns everything queued. */
  drain(): T[] {
    const all = this.items;
    this.items = [];
    this.totalBytes = 0;
    return all;
  }
}

/** Bytes of a JSON array holding items of `itemBytes` in total. */
export function batchBytes(itemBytes: number, count: number): number {
  return 2 + itemBytes + Math.max(0, count - 1);
}
