import { DynamicModule, Module } from '@nestjs/common';
import { EventTopology } from '@eventline/contracts';
import { JetStreamHealthProbe, JetStreamStatsReader, type NatsConnection } from '@eventline/messaging';
import {
  CONSUMER_STATS_READER,
  HealthModule,
  IngestorMetrics,
  LoggingModule,
  MetricsModule,
  MONGO_HEALTH_PROBE,
  NATS_HEALTH_PROBE,
} from '@eventline/observability';
import { EventsRepository, MongoPingProbe, StorageModule } from '@eventline/storage';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { IngestConsumer } from './ingest/ingest.consumer.js';
import { MeteredEventWriter } from './ingest/metered-event.writer.js';
import { MessageInspector } from './ingest/message.inspector.js';
import { IngestorConfig } from './ingestor.config.js';
import { INGESTOR_CONFIG, NATS_CONNECTION } from './ingestor.tokens.js';

@Module({})
export class IngestorModule {
  /** The connection is opened (and drained at exit) by main.ts, which also provisions the topology. */
  static register(config: IngestorConfig, nc: NatsConnection): DynamicModule {
    const topology = new EventTopology(config.EVENTLINE_NAMESPACE);
    return {
      module: IngestorModule,
      imports: [
        StorageModule.register({
          mongoUrl: config.MONGO_URL,
          writeConcern: config.writeConcern(),
          serverSelectionTimeoutMs: config.MONGO_SERVER_SELECTION_TIMEOUT_MS,
        }),
        LoggingModule.forRoot({ level: config.LOG_LEVEL, service: 'ingestor' }),
        // `/metrics` and `/health/*` on HEALTH_PORT, the ingestor's only HTTP port.
        MetricsModule.forRoot({
          service: 'ingestor',
          providers: [
            {
              provide: CONSUMER_STATS_READER,
              useValue: new JetStreamStatsReader(nc, topology, config.categories()),
            },
          ],
        }),
        HealthModule.forRoot({ nats: true, streams: true, mongo: true }),
      ],
      providers: [
        { provide: INGESTOR_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
        {
          provide: NATS_HEALTH_PROBE,
          useValue: new JetStreamHealthProbe(nc, [topology.eventsStream, topology.dlqStream]),
        },
        { provide: MONGO_HEALTH_PROBE, useFactory: () => new MongoPingProbe(config.MONGO_URL) },
        {
          provide: IngestBatchService,
          inject: [EventsRepository, IngestorMetrics],
          useFactory: (repository: EventsRepository, metrics: IngestorMetrics) =>
            new IngestBatchService(
              new MessageInspector({
                topology,
                publisherSecrets: config.publisherSecrets(),
                maxFutureSkewMs: config.MAX_FUTURE_SKEW_MS,
              }),
              new MeteredEventWriter(repository, metrics),
              {
                maxDeliver: config.MAX_DELIVER,
                nakBaseDelayMs: config.NAK_BASE_DELAY_MS,
                nakMaxDelayMs: config.NAK_MAX_DELAY_MS,
              },
            ),
        },
        IngestConsumer,
      ],
    };
  }
}
