import { IsInt, IsString, Max, Min } from 'class-validator';

// TypeScript's mixin pattern requires exactly this constructor type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConfigClass = new (...args: any[]) => object;

/**
 * Adds the variables of a small HTTP listener for `/health/live`, `/health/ready` and
 * `/metrics` (which the image's HEALTHCHECK calls) to a service with no HTTP API of its own.
 * A mixin rather than a base class, because such a service may also need another group of
 * settings (`class C extends withHealthListener(IngestPathConfig, 3001)`).
 * @param defaultPort HEALTH_PORT's default: each service its own (ingestor 3001, query 3002), so
 *   all run on one machine with their defaults.
 */
export function withHealthListener<TBase extends ConfigClass>(Base: TBase, defaultPort: number) {
  class HealthListenerConfig extends Base {
    /** Port of the health probes and metrics; 0 picks a free one. */
    @IsInt()
    @Min(0)
    @Max(65535)
    HEALTH_PORT: number = defaultPort;

    /** Interface of the health probes; containers need 0.0.0.0, a developer machine 127.0.0.1. */
    @IsString()
    HEALTH_HOST: string = '0.0.0.0';
  }
  return HealthListenerConfig;
}
