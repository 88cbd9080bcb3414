/** NATS' default `max_payload` (1 MiB), when the server's own is not known. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * Room a reply needs besides its items: Nest's envelope (`{"response":{"items":[…],"next_cursor":
 * "…"},"isDisposed":true,"id":"…"}`), the cursor and headers, which NATS counts in max_payload too.
 * A few hundred bytes in practice; 16 KiB leaves a wide margin.
 */
export const REPLY_HEADROOM_BYTES = 16 * 1024;

/**
 * How many bytes of items one reply may carry: what the NATS server the replica is connected to
 * accepts (`max_payload` of its INFO, read per query: a reconnect may land on another server),
 * less {@link REPLY_HEADROOM_BYTES}. A reply past max_payload is refused by NATS and never
 * arrives: the gateway would answer 504 for as long as the page exists (docs/queries.md).
 */
export class ReplyBudget {
  constructor(private readonly maxPayload: () => number | undefined) {}

  bytes(): number {
    return (this.maxPayload() ?? DEFAULT_MAX_PAYLOAD) - REPLY_HEADROOM_BYTES;
  }
}
