/**
 * An event that passed every rule, normalised: session id lower-case, time as epoch microseconds.
 * The event id is kept as the producer sent it (its identity ignores case: see `eventKey`).
 */
export interface ValidEvent {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** Epoch microseconds, UTC. */
  ts_us: number;
}
