import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode, QUERY_MAX_BODY_BYTES } from '@eventline/contracts';
import { ErrorResponseBody } from '../errors/error-response.body.js';
import { INGEST_ROUTE } from '../events/events.controller.js';
import { QUERY_BODY_ROUTES } from '../queries/queries.controller.js';

const key = (method: string, path: string) => `${method} ${path}`;
const QUERY_BODIES = new Set(QUERY_BODY_ROUTES.map((route) => key(route.method, route.path)));
const BODY_ROUTES = new Set([...QUERY_BODIES, key(INGEST_ROUTE.method, INGEST_ROUTE.path)]);

/**
 * Gives each route the body it reads and no more, so that no route holds more than it needs: the
 * ingest route the server's limit (and its admission's bytes in flight), a query route
 * QUERY_MAX_BODY_BYTES (inflated, when compressed), and every other route none. A request with a
 * body where none is read is answered 413 before a byte of it is read: otherwise Fastify would
 * read and parse up to the server's limit on any route (GET included, since `GET /v1/events`
 * takes one), `/health` and `/metrics` among them, which no credential or admission guards.
 */
export function limitRequestBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if ([route.method].flat().some((method) => QUERY_BODIES.has(key(method, route.url))))
      route.bodyLimit = QUERY_MAX_BODY_BYTES;
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (!carriesBody(request) || (route !== undefined && BODY_ROUTES.has(key(request.method, route))))
      return done();
    done(
      new DomainError(
        ErrorCode.BodyTooLarge,
        `${request.method} ${route ?? request.url.split('?')[0]} takes no request body`,
      ),
    );
  });
}

// As Fastify decides whether to read a body: a length above zero, or a chunked transfer.
function carriesBody(request: FastifyRequest): boolean {
  const { headers } = request;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

/**
 * Adds each route's 413 to the OpenAPI document, where its own decorators did not describe one:
 * the routes that read no body, and the query routes' limit.
 */
export function documentBodyLimits(document: OpenAPIObject): void {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations) as [string, { responses?: object }][]) {
      if (typeof operation !== 'object' || !('responses' in operation)) continue;
      const responses = operation.responses as Record<string, unknown>;
      if (responses['413'] !== undefined) continue;
      const route = key(method.toUpperCase(), path);
      responses['413'] = {
        description: QUERY_BODIES.has(route)
          ? `\`body_too_large\`: the JSON body exceeds ${QUERY_MAX_BODY_BYTES} bytes (inflated, when compressed).`
          : '`body_too_large`: this route takes no request body; one sent is refused before it is read.',
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseBody) } } },
      };
    }
  }
}
