import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig, withHealthListener, withQuerySigning } from '@eventline/config';

/**
 * The query service's configuration, from environment variables of the same names. Its health
 * port defaults to 3002, next to the ingestor's 3001: both run on one machine with their defaults.
 */
export class QueryConfig extends withQuerySigning(withHealthListener(ServiceConfig, 3002)) {
  /** Signs page cursors so that a client cannot forge or alter one. Same on every replica. */
  @IsString()
  @MinLength(16)
  QUERY_CURSOR_SECRET: string;

  /** How long a query waits for a reachable MongoDB before replying "unavailable". */
  @IsInt()
  @Min(100)
  @Max(60_000)
  QUERY_DB_TIMEOUT_MS: number = 2_000;

  /**
   * Queries one replica works on at once; one more is answered `query_busy` at once. Below the
   * driver's connection pool (100), so an admitted query never waits for a connection.
   */
  @IsInt()
  @Min(1)
  @Max(100)
  QUERY_MAX_IN_FLIGHT: number = 32;
}
