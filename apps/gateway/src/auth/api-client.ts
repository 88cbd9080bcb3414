import { ApiScope } from './api-scope.js';

/** The caller a request's API key identifies. */
export interface ApiClient {
  /** The application `name` the key is bound to. */
  readonly app: string;
  readonly scopes: ReadonlySet<ApiScope>;
}

/** Where {@link checkCredentials} leaves the caller on the request. */
export interface AuthenticatedRequest {
  apiClient?: ApiClient;
}
