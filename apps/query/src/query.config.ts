import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { LOG_LEVEL_VALUES } from '@eventline/observability';

/** The query service's configuration, from environment variables of the same names. */
export class QueryConfig {
  /** Comma-separated NATS server URLs. */
  @IsString()
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, {
    message: 'must be nats:// URLs, comma-separated',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASS?: string;

  /** `mongodb://host:port/<database>`; database `eventline` when the path is empty. */
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'must be a mongodb:// URL' })
  MONGO_URL: string = 'mongodb://127.0.0.1:27017/eventline';

  /** Prefix of every subject; '' in production (DESIGN.md names). */
  @Matches(/^([a-z0-9][a-z0-9_-]{0,47})?$/, { message: 'must be a lower-case slug or empty' })
  EVENTLINE_NAMESPACE: string = '';

  /** Signs page cursors so that a client cannot forge or alter one. Same on every replica. */
  @IsString()
  @MinLength(16)
  QUERY_CURSOR_SECRET: string;

  /** How long a query waits for a reachable MongoDB before replying "unavailable". */
  @IsInt()
  @Min(100)
  @Max(60_000)
  QUERY_DB_TIMEOUT_MS: number = 2_000;

  /** Port of the health probes (`/health/live`, `/health/ready`); 0 picks a free one. */
  @IsInt()
  @Min(0)
  @Max(65535)
  HEALTH_PORT: number = 3001;

  /** Interface of the health probes; containers need 0.0.0.0, a developer machine 127.0.0.1. */
  @IsString()
  HEALTH_HOST: string = '0.0.0.0';

  @IsIn(LOG_LEVEL_VALUES)
  LOG_LEVEL: string = 'info';
}
