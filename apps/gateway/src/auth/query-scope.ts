import type { QueryScope } from '@eventline/contracts';
import type { ApiClient } from './api-client.js';

/** What a key may read: its own application's events, or every application's with `query:all`. */
export function queryScopeOf(client: ApiClient): QueryScope {
  return { app: client.app, all: client.scopes.has('query:all') };
}
