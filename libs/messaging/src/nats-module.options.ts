import type { NatsConnectionConfig } from '@eventline/config';
import type { EventTopology } from '@eventline/contracts';
import type { NatsConnection } from '@nats-io/transport-node';

/** Injection token of the {@link NatsModuleOptions} value. */
export const NATS_MODULE_OPTIONS = Symbol('NATS_MODULE_OPTIONS');

/** How an app connects to NATS and what it needs there before it is ready. */
export interface NatsModuleOptions {
  /** The app's NATS variables: servers, credentials and namespace. */
  config: NatsConnectionConfig;
  /** The connection's client name, e.g. `eventline-gateway`. */
  name: string;
  /**
   * What to create (or update) once connected, before the app counts as ready: the ingestor's
   * `provisionTopology`, the gateway's `ensureEventsStream` (libs/messaging's provisioner).
   */
  provision?: (nc: NatsConnection, topology: EventTopology) => Promise<void>;
  /** Streams readiness requires to exist, besides a connection that answers. */
  requiredStreams?: (topology: EventTopology) => readonly string[];
}
