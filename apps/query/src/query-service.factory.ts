import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { EventTopology, QUERY_QUEUE_GROUP } from '@eventline/contracts';
import { NamespacedNatsServer } from '@eventline/messaging';
import { QueryConfig } from './query.config.js';
import { QueryExceptionFilter } from './query-exception.filter.js';
import { QueryModule } from './query.module.js';

/**
 * Starts a query-service replica: a Nest microservice answering the query subjects of the
 * configured namespace in queue group `query` (replicas share the requests), plus the health
 * probes on HEALTH_PORT. main.ts and the integration tests both start replicas through here.
 */
export async function startQueryService(config: QueryConfig): Promise<INestApplication> {
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
  const app = await NestFactory.create(QueryModule.register(config, strategy), new FastifyAdapter(), {
    // Held until nestjs-pino (JSON lines at LOG_LEVEL) is Nest's logger, just below.
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Listeners are built with the filters known at that time: defer them until the filter is set.
  // The filter is the microservice's only, so the health probes keep Nest's HTTP error handling.
  const microservice = app.connectMicroservice({ strategy }, { deferInitialization: true });
  microservice.useGlobalFilters(new QueryExceptionFilter());
  await app.startAllMicroservices();
  await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
  return app;
}
