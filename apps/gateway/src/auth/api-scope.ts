/** What a key may do: send events, query its own application's events, or query every application's. */
export const API_SCOPES = ['ingest', 'query', 'query:all'] as const;

export type ApiScope = (typeof API_SCOPES)[number];

/**
 * The Fastify route config key under which {@link RequireScope} stores the scopes a route needs;
 * the credential check reads it as soon as the request's headers are in.
 */
export const REQUIRED_SCOPES = 'eventlineRequiredScopes' as const;
