/**
 * The request-reply subjects the query service answers (queue group {@link QUERY_QUEUE_GROUP}).
 * These are the base names; {@link EventTopology.querySubject} prefixes them with the namespace.
 */
export const QuerySubject = {
  /** Filtered events: `GET /v1/events`, `POST /v1/events/query`. */
  EventsList: 'query.events.list',
  /** Events grouped by session: `GET /v1/sessions`. */
  SessionsList: 'query.sessions.list',
  /** One session's timeline: `GET /v1/sessions/{session_id}/events`. */
  SessionEvents: 'query.sessions.events',
} as const;

export type QuerySubject = (typeof QuerySubject)[keyof typeof QuerySubject];

/** Every query-service replica joins this queue group, so each request is answered by one. */
export const QUERY_QUEUE_GROUP = 'query';
