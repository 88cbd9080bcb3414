import { IsInt, IsString, Max, Min } from 'class-validator';
import { NatsMongoConfig } from './connection.config.js';

/**
 * The ingestor and the query service: no API of their own over HTTP, but a small listener for
 * `/health/live`, `/health/ready` and `/metrics`, which the image's HEALTHCHECK calls.
 */
export class BackgroundServiceConfig extends NatsMongoConfig {
  /** Port of the health probes and metrics; 0 picks a free one. */
  @IsInt()
  @Min(0)
  @Max(65535)
  HEALTH_PORT: number = 3001;

  /** Interface of the health probes; containers need 0.0.0.0, a developer machine 127.0.0.1. */
  @IsString()
  HEALTH_HOST: string = '0.0.0.0';
}
