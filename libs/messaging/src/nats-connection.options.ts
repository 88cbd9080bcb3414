import { connect, NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import { natsInboxPrefix, type NatsConnectionConfig } from '@eventline/config';

/** Who connects, and where to. */
export interface NatsConnectionSettings {
  /** Comma-separated server URLs (`nats://a:4222,nats://b:4222`): a cluster's members. */
  url: string;
  /** Shown in `nats server report connections`; helps operators find a process. */
  name: string;
  user?: string;
  pass?: string;
  /** Prefix of the connection's reply subjects: a user may be allowed to read only its own. */
  inboxPrefix?: string;
}

/** The settings of a process's connection, from its configuration. */
export function natsSettingsFrom(config: NatsConnectionConfig, name: string): NatsConnectionSettings {
  return {
    url: config.NATS_URL,
    name,
    user: config.NATS_USER,
    pass: config.NATS_PASS,
    inboxPrefix: natsInboxPrefix(config),
  };
}

/**
 * The options of every eventline NATS connection, Nest's transports included. Reconnection never
 * gives up: a broker restart must never take a service down with it. `noAsyncTraces` skips
 * building an Error with a stack for every request, which doubled the client's publish rate when
 * measured here (see docs/benchmarks.md).
 */
export function natsConnectionOptions(settings: NatsConnectionSettings): NodeConnectionOptions {
  return {
    servers: settings.url
      .split(',')
      .map((server) => server.trim())
      .filter((server) => server !== ''),
    name: settings.name,
    user: settings.user,
    pass: settings.pass,
    ...(settings.inboxPrefix ? { inboxPrefix: settings.inboxPrefix } : {}),
    noAsyncTraces: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  };
}

/**
 * Connects, waiting as long as it takes for a first server to answer. For tests; the apps and
 * `dlq:replay` connect through `NatsModule`, which logs what it waits for and reports not-ready
 * meanwhile.
 */
export function connectNats(settings: NatsConnectionSettings): Promise<NatsConnection> {
  return connect({ ...natsConnectionOptions(settings), waitOnFirstConnect: true });
}

// Apps hold the connection without importing the NATS client themselves (only this lib does).
export type { NatsConnection };
