import type { INestApplication } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadConfig } from '@eventline/config';
import { QueryConfig } from '../../apps/query/src/query.config.js';
import { startQueryService } from '../../apps/query/src/query-service.factory.js';
import { TEST_QUERY_SIGNING_SECRET } from './query-signing.js';

export const TEST_CURSOR_SECRET = 'integration-test-cursor-secret';

/** A query-service replica running in-process, exactly as main.ts starts one. */
export interface QueryReplica {
  app: INestApplication;
  /** Replies this replica has sent so far (its NATS connection's outgoing messages). */
  replies(): number;
  close(): Promise<void>;
}

export interface QueryReplicaSettings {
  natsUrl: string;
  mongoUrl: string;
  namespace: string;
  dbTimeoutMs?: number;
  maxInFlight?: number;
}

/** A replica's configuration, as its environment would give it. */
export function queryReplicaConfig(settings: QueryReplicaSettings): QueryConfig {
  return loadConfig(QueryConfig, {
    NATS_URL: settings.natsUrl,
    MONGO_URL: settings.mongoUrl,
    EVENTLINE_NAMESPACE: settings.namespace,
    QUERY_CURSOR_SECRET: TEST_CURSOR_SECRET,
    QUERY_SIGNING_SECRET: TEST_QUERY_SIGNING_SECRET,
    HEALTH_PORT: '0',
    HEALTH_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    QUERY_DB_TIMEOUT_MS: String(settings.dbTimeoutMs ?? 2000),
    ...(settings.maxInFlight !== undefined ? { QUERY_MAX_IN_FLIGHT: String(settings.maxInFlight) } : {}),
  });
}

export async function startQueryReplica(settings: QueryReplicaSettings): Promise<QueryReplica> {
  const app = await startQueryService(queryReplicaConfig(settings));
  const nats = app.getMicroservices()[0].unwrap<NatsConnection>();
  return { app, replies: () => nats.stats().outMsgs, close: () => app.close() };
}
