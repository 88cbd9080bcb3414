import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { ApiClient, AuthenticatedRequest } from './api-client.js';
import { ApiKeyRegistry } from './api-key.registry.js';
import { ApiScope, REQUIRED_SCOPES } from './api-scope.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Authenticates `Authorization: Bearer <key>` and checks the scopes the route requires (see
 * {@link RequireScope}); leaves the caller on the request for {@link CurrentClient}.
 * Missing or unknown key → 401 `unauthorized`; a key without a required scope → 403 `forbidden`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly registry: ApiKeyRegistry,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> }>();
    const client = this.authenticate(request.headers.authorization);
    const required =
      this.reflector.getAllAndOverride<ApiScope[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? [];
    const missing = required.filter((scope) => !client.scopes.has(scope));
    if (missing.length > 0) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `this key lacks the scope ${missing.map((s) => `"${s}"`).join(', ')}`,
      );
    }
    request.apiClient = client;
    return true;
  }

  private authenticate(header: string | string[] | undefined): ApiClient {
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match)
      throw new DomainError(ErrorCode.Unauthorized, 'send your API key as "Authorization: Bearer <key>"');
    const client = this.registry.authenticate(match[1]);
    if (!client) throw new DomainError(ErrorCode.Unauthorized, 'unknown API key');
    return client;
  }
}
