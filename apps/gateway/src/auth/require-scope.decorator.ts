import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../errors/api-error-responses.decorator.js';
import { API_KEY_SECURITY } from './api-key.security.js';
import { ApiScope, REQUIRED_SCOPES } from './api-scope.js';

/**
 * Guards a route with an API key holding all the given scopes, e.g. `@RequireScope('ingest')`;
 * read the caller with `@CurrentClient()`. It is Fastify route config, not a Nest guard, so
 * {@link checkCredentials} answers 401/403 before the body is read (Nest guards run after
 * parsing). Fastify config is per route: put it on each handler, not on the controller. The
 * OpenAPI document gets the key's security scheme and the check's 401 and 403 from here.
 */
export function RequireScope(...scopes: ApiScope[]): MethodDecorator {
  const scopeList = scopes.map((scope) => `\`${scope}\``).join(', ');
  return applyDecorators(
    RouteConfig({ [REQUIRED_SCOPES]: scopes }),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiErrorResponses({
      401: '`unauthorized`: no `Authorization: Bearer <key>` header, or an unknown key (with `WWW-Authenticate: Bearer`).',
      403: `\`forbidden\`: the key lacks the scope ${scopeList}.`,
    }),
  );
}
