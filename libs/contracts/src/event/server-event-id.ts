import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// The `uuid` package's generator refills a 256-byte pool (16 ids) per `randomFillSync` call and
// copies each id's bytes out of it: ~0.55 µs per id, measured here, a tenth of the gateway's work
// on a 100-event request without ids. The same generator fed from a larger pool (1,024 ids per
// refill, no copy) costs ~0.28 µs (docs/benchmarks.md, "The ingest hot path").
const pool = new Uint8Array(16 * 1024);
let offset = pool.length;

/**
 * A new UUIDv7 (RFC 9562: 48-bit Unix milliseconds, version, then random bits) for an event sent
 * without an `event_id`. Ids made in the same millisecond are not ordered among themselves (the
 * RFC leaves that optional); nothing orders events by id.
 */
export function newEventId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return v7({ random: pool.subarray(offset, (offset += 16)) });
}
