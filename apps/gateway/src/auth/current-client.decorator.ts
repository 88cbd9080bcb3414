import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiClient, AuthenticatedRequest } from './api-client.js';

/** The {@link ApiClient} that the credential check (credentials.check.ts) authenticated for the request. */
export function currentClientOf(request: object): ApiClient {
  const client = (request as AuthenticatedRequest).apiClient;
  // Reaching here without a client is a programming error: the route lacks @RequireScope.
  if (!client) throw new Error('@CurrentClient() used on a route without @RequireScope()');
  return client;
}

/** The handler's parameter holding {@link currentClientOf} the request. */
export const CurrentClient = createParamDecorator((_: unknown, context: ExecutionContext): ApiClient =>
  currentClientOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
