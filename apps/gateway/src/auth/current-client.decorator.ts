import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiClient, AuthenticatedRequest } from './api-client.js';

/** The {@link ApiClient} that the credential check (credentials.check.ts) authenticated for this request. */
export const CurrentClient = createParamDecorator((_: unknown, context: ExecutionContext): ApiClient => {
  const client = context.switchToHttp().getRequest<AuthenticatedRequest>().apiClient;
  // Reaching here without a client is a programming error: the route lacks @RequireScope.
  if (!client) throw new Error('@CurrentClient() used on a route without @RequireScope()');
  return client;
});
