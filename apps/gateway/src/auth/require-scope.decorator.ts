import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../errors/api-error-responses.decorator.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { API_KEY_SECURITY } from './api-key.security.js';
import { ApiScope, REQUIRED_SCOPES } from './api-scope.js';

/**
 * Guards a route (or every route of a controller) with an API key holding all the given scopes,
 * e.g. `@RequireScope('ingest')`. Read the caller with `@CurrentClient()`. The OpenAPI document
 * gets the key's security scheme and the guard's 401 and 403 from here.
 */
export function RequireScope(...scopes: ApiScope[]): MethodDecorator & ClassDecorator {
  const scopeList = scopes.map((scope) => `\`${scope}\``).join(', ');
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    UseGuards(ApiKeyGuard),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiErrorResponses({
      401: '`unauthorized`: no `Authorization: Bearer <key>` header, or an unknown key (with `WWW-Authenticate: Bearer`).',
      403: `\`forbidden\`: the key lacks the scope ${scopeList}.`,
    }),
  );
}
