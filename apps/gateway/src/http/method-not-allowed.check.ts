import Router from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';

// Answered by every path (HEAD with GET, OPTIONS by CORS), so they never make a path "exist".
const IMPLICIT = new Set(['HEAD', 'OPTIONS']);

/**
 * Answers 405 `method_not_allowed` with `Allow` when a path exists with other methods (Fastify
 * alone answers 404). Keeps its own find-my-way router (Fastify's, which it uses too, is not
 * public) filled with the app's routes as they are registered.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes = Router();
  const methods = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (IMPLICIT.has(method) || route.url.includes('*')) continue;
      methods.add(method);
      routes.on(method as Router.HTTPMethod, route.url, () => undefined);
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined) return;
    const path = request.url.split('?')[0];
    const allowed = [...methods].filter((method) => routes.find(method as Router.HTTPMethod, path) !== null);
    if (allowed.length === 0) return;
    void reply.header('Allow', allowed.join(', '));
    throw new DomainError(
      ErrorCode.MethodNotAllowed,
      `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
    );
  });
}
