import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { ApiClient, AuthenticatedRequest } from './api-client.js';
import { ApiKeyRegistry } from './api-key.registry.js';
import { ApiScope, REQUIRED_SCOPES } from './api-scope.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by {@link RequireScope}; see {@link REQUIRED_SCOPES}. */
    eventlineRequiredScopes?: readonly ApiScope[];
  }
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The scopes a route declared with {@link RequireScope}; undefined for an open route. */
export function requiredScopesOf(request: FastifyRequest): readonly ApiScope[] | undefined {
  return request.routeOptions.config?.[REQUIRED_SCOPES];
}

/** The client the request's `Authorization: Bearer <key>` belongs to, or undefined. */
export function clientOf(registry: ApiKeyRegistry, request: FastifyRequest): ApiClient | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  return match ? registry.authenticate(match[1]) : undefined;
}

/**
 * Checks the rate limit and credentials of every route declared with {@link RequireScope} in an
 * `onRequest` hook: it runs once the headers are in and before any of the body is read or parsed,
 * so an anonymous caller never gets the gateway to read a body. Past the limit → 429
 * `rate_limited` (see {@link RateLimits}); missing or unknown key → 401
 * `unauthorized`; a key without a required scope → 403 `forbidden`. Routes without scopes
 * (health, metrics, docs, CORS preflights) stay open. Leaves the caller on the request for
 * {@link CurrentClient}.
 */
export function checkCredentials(
  fastify: FastifyInstance,
  registry: ApiKeyRegistry,
  rateLimits: RateLimits,
): void {
  // A /v1 route without @RequireScope would be open to anyone: refuse to start instead.
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1/') && route.config?.[REQUIRED_SCOPES] === undefined) {
      throw new Error(`${route.method} ${route.url} has no @RequireScope(): every /v1 route needs one`);
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const required = requiredScopesOf(request);
    if (required === undefined) return;
    const client = clientOf(registry, request);
    // Counted before refusing, so a flood of made-up keys is limited (per address) like no key.
    rateLimits.admit(client, request, reply);
    (request as AuthenticatedRequest).apiClient = authorize(client, request, required);
  });
}

/** The one rule: a known key holding every scope the route requires. */
export function authorize(
  client: ApiClient | undefined,
  request: FastifyRequest,
  required: readonly ApiScope[],
): ApiClient {
  if (!client) {
    const message =
      typeof request.headers.authorization === 'string' && BEARER.test(request.headers.authorization)
        ? 'unknown API key'
        : 'send your API key as "Authorization: Bearer <key>"';
    throw new DomainError(ErrorCode.Unauthorized, message);
  }
  const missing = required.filter((scope) => !client.scopes.has(scope));
  if (missing.length > 0) {
    throw new DomainError(
      ErrorCode.Forbidden,
      `this key lacks the scope ${missing.map((s) => `"${s}"`).join(', ')}`,
    );
  }
  return client;
}
