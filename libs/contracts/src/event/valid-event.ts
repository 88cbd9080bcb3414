/** An event that passed every rule, normalised: ids lower-case, time as epoch microseconds. */
export interface ValidEvent {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  /** Epoch microseconds, UTC. */
  ts_us: number;
}
