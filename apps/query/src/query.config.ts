import { IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BackgroundServiceConfig } from '@eventline/config';
import { LOG_LEVEL_VALUES } from '@eventline/observability';

/** The query service's configuration, from environment variables of the same names. */
export class QueryConfig extends BackgroundServiceConfig {
  /** Signs page cursors so that a client cannot forge or alter one. Same on every replica. */
  @IsString()
  @MinLength(16)
  QUERY_CURSOR_SECRET: string;

  /** How long a query waits for a reachable MongoDB before replying "unavailable". */
  @IsInt()
  @Min(100)
  @Max(60_000)
  QUERY_DB_TIMEOUT_MS: number = 2_000;

  @IsIn(LOG_LEVEL_VALUES)
  LOG_LEVEL: string = 'info';
}
