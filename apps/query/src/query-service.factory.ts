import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { EventTopology, QUERY_QUEUE_GROUP } from '@eventline/contracts';
import { NamespacedNatsServer, NatsConnectionService } from '@eventline/messaging';
import { addAccessLog, probeServerOptions } from '@eventline/observability';
import { QueryConfig } from './query.config.js';
import { QueryExceptionFilter } from './query-exception.filter.js';
import { QueryModule } from './query.module.js';

/**
 * Builds a query-service replica and serves its health probes on HEALTH_PORT: a Nest microservice
 * answering the query subjects of the configured namespace in queue group `query` (replicas share
 * the requests), on the app's NATS connection. Its handlers subscribe on `startAllMicroservices()`,
 * which waits for NATS as long as it takes while readiness reports it missing.
 */
export async function createQueryService(config: QueryConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    QueryModule.register(config),
    new FastifyAdapter(probeServerOptions),
    // Held until nestjs-pino (JSON lines at LOG_LEVEL) is Nest's logger, just below.
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  addAccessLog(app.getHttpAdapter().getInstance(), config.ACCESS_LOG_SAMPLE_RATE);
  const nats = app.get(NatsConnectionService);
  const topology = app.get(EventTopology);
  const strategy = new NamespacedNatsServer(
    // On close, unsubscribe first and let in-flight queries finish before disconnecting.
    { queue: QUERY_QUEUE_GROUP, gracefulShutdown: true, gracePeriod: 500 },
    (pattern) => topology.querySubject(pattern),
    () => nats.readyConnection(),
  );
  // Listeners are built with the filters known at that time: defer them until the filter is set.
  // The filter is the microservice's only, so the health probes keep Nest's HTTP error handling.
  const microservice = app.connectMicroservice({ strategy }, { deferInitialization: true });
  microservice.useGlobalFilters(new QueryExceptionFilter());
  await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
  return app;
}

/** A replica answering queries (main.ts and the integration tests start replicas through here). */
export async function startQueryService(config: QueryConfig): Promise<INestApplication> {
  const app = await createQueryService(config);
  await app.startAllMicroservices();
  return app;
}
