/** What a key may do: send events, query its own application's events, or query every application's. */
export const API_SCOPES = ['ingest', 'query', 'query:all'] as const;

export type ApiScope = (typeof API_SCOPES)[number];

/** Route metadata key under which {@link RequireScope} stores the scopes a route needs. */
export const REQUIRED_SCOPES = 'eventline:required-scopes';
