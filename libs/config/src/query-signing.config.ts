import { IsString, MinLength } from 'class-validator';
import type { ConfigClass } from './health-listener.config.js';

/**
 * Adds the secret the gateway signs query requests with and the query service checks them by
 * (docs/queries.md, "Who may ask"), declared once for both apps.
 */
export function withQuerySigning<TBase extends ConfigClass>(Base: TBase) {
  class QuerySigningConfig extends Base {
    /** HMAC secret shared by the gateway and every query-service replica. */
    @IsString()
    @MinLength(16)
    QUERY_SIGNING_SECRET: string;
  }
  return QuerySigningConfig;
}
