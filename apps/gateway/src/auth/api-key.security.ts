import type { SecuritySchemeObject } from '@nestjs/swagger';

/** The OpenAPI security scheme of the API keys, by the name routes refer to it. */
export const API_KEY_SECURITY = 'api_key';

export const API_KEY_SECURITY_SCHEME: SecuritySchemeObject = {
  type: 'http',
  scheme: 'bearer',
  // Not a JWT: an opaque key whose SHA-256 digest the gateway is configured with.
  description:
    'An API key, sent as `Authorization: Bearer <key>`. Opaque (not a JWT); bound to one application and its scopes (`ingest`, `query`, `query:all`).',
};
