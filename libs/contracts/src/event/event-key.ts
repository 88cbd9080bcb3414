/**
 * An event's identity, as one string: (application, event_id). Two applications may use the same
 * event id and both events are kept; within an application the id is compared as the UUID it is,
 * whatever its letter case. Injective: an event id (a UUID) holds no `:`, so the last `:`
 * separates the two parts. The unique `_id` of a stored event, and the key of the gateway's
 * in-request de-duplication.
 */
export function eventKey(app: string, eventId: string): string {
  return `${app}:${eventId.toLowerCase()}`;
}

/**
 * A session's identity, built like {@link eventKey}: (application, session_id). Two applications
 * may share a session id and each keeps its own session; the id is a UUID (no `:`), compared
 * whatever its letter case. The unique `_id` of a session's summary (collection `sessions`), and
 * the tie-break of the sessions list in `recent` order.
 */
export function sessionKey(app: string, sessionId: string): string {
  return `${app}:${sessionId.toLowerCase()}`;
}
