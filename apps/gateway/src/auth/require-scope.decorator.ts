import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiScope, REQUIRED_SCOPES } from './api-scope.js';

/**
 * Guards a route (or every route of a controller) with an API key holding all the given scopes,
 * e.g. `@RequireScope('ingest')`. Read the caller with `@CurrentClient()`.
 */
export function RequireScope(...scopes: ApiScope[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_SCOPES, scopes), UseGuards(ApiKeyGuard));
}
