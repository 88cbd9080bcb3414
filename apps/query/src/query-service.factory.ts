import { ConsoleLogger, INestMicroservice, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventTopology, QUERY_QUEUE_GROUP } from '@eventline/contracts';
import { NamespacedNatsServer } from '@eventline/messaging';
import { QueryConfig } from './query.config.js';
import { QueryModule } from './query.module.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const THRESHOLD: Record<string, number> = { silent: -1, fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };

/**
 * Builds a query-service replica, listening: a Nest microservice answering the query subjects
 * of the configured namespace in queue group `query`, so replicas share the requests.
 * main.ts and the integration tests both start replicas through here.
 */
export async function startQueryService(config: QueryConfig): Promise<INestMicroservice> {
  const topology = new EventTopology(config.EVENTLINE_NAMESPACE);
  const strategy = new NamespacedNatsServer(
    {
      servers: config.NATS_URL.split(','),
      user: config.NATS_USER,
      pass: config.NATS_PASS,
      name: 'eventline-query',
      queue: QUERY_QUEUE_GROUP,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      // On close, unsubscribe first and let in-flight queries finish before disconnecting.
      gracefulShutdown: true,
      gracePeriod: 500,
    },
    (pattern) => topology.querySubject(pattern),
  );
  const logLevels = LEVELS.slice(0, (THRESHOLD[config.LOG_LEVEL] ?? 3) + 1);
  const app = await NestFactory.createMicroservice(QueryModule.register(config), {
    strategy,
    logger: new ConsoleLogger({ json: true, logLevels }),
  });
  await app.listen();
  return app;
}
