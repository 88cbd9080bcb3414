import { DynamicModule, Module } from '@nestjs/common';
import { CATEGORY_NAMES, EventTopology } from '@eventline/contracts';
import {
  DEFAULT_PROVISION_OPTIONS,
  JetStreamHealthProbe,
  JetStreamStatsReader,
  NatsConnectionService,
  NatsModule,
  provisionTopology,
  topologyLimits,
} from '@eventline/messaging';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  MONGO_HEALTH_PROBE,
  NATS_HEALTH_PROBE,
} from '@eventline/observability';
import {
  EventsRepository,
  MongoPingProbe,
  SessionSummariesRepository,
  StorageModule,
} from '@eventline/storage';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { IngestConsumer } from './ingest/ingest.consumer.js';
import { MeteredEventWriter } from './ingest/metered-event.writer.js';
import { MessageInspector } from './ingest/message.inspector.js';
import { IngestorConfig } from './ingestor.config.js';
import { CONSUMER_STATS_READER } from './metrics/consumer-stats.reader.js';
import { IngestorMetrics } from './metrics/ingestor.metrics.js';

@Module({})
export class IngestorModule {
  static register(config: IngestorConfig): DynamicModule {
    return {
      module: IngestorModule,
      imports: [
        StorageModule.register({
          mongoUrl: config.MONGO_URL,
          writeConcern: config.writeConcern(),
          serverSelectionTimeoutMs: config.MONGO_SERVER_SELECTION_TIMEOUT_MS,
        }),
        LoggingModule.forRoot({
          level: config.LOG_LEVEL,
          service: 'ingestor',
        }),
        // The ingestor owns the streams' and consumers' settings: it creates or updates them.
        NatsModule.forRoot({
          config,
          name: 'eventline-ingestor',
          provision: (nc, topology) =>
            // Every category's consumer, not only those this replica consumes: EVENTS keeps a
            // message only while a consumer matches it (interest retention).
            provisionTopology(nc, topology, CATEGORY_NAMES, {
              ...DEFAULT_PROVISION_OPTIONS,
              replicas: config.STREAM_REPLICAS,
              ackWaitMs: config.ACK_WAIT_MS,
              maxDeliver: config.MAX_DELIVER,
              limits: topologyLimits(config),
            }),
          requiredStreams: (topology) => [topology.eventsStream, topology.dlqStream],
        }),
        // `/metrics` and `/health/*` on HEALTH_PORT, the ingestor's only HTTP port.
        MetricsModule.forRoot({
          service: 'ingestor',
          metrics: IngestorMetrics,
          providers: [
            {
              provide: CONSUMER_STATS_READER,
              inject: [NatsConnectionService, EventTopology],
              useFactory: (nats: NatsConnectionService, topology: EventTopology) =>
                new JetStreamStatsReader(() => nats.connection(), topology, config.categories()),
            },
          ],
        }),
        HealthModule.forRoot({ nats: true, streams: true, mongo: true }),
      ],
      providers: [
        { provide: IngestorConfig, useValue: config },
        { provide: NATS_HEALTH_PROBE, useExisting: JetStreamHealthProbe },
        { provide: MONGO_HEALTH_PROBE, useFactory: () => new MongoPingProbe(config.MONGO_URL) },
        {
          provide: IngestBatchService,
          inject: [EventsRepository, SessionSummariesRepository, IngestorMetrics, EventTopology],
          useFactory: (
            events: EventsRepository,
            sessions: SessionSummariesRepository,
            metrics: IngestorMetrics,
            topology: EventTopology,
          ) =>
            new IngestBatchService(
              new MessageInspector({
                topology,
                publisherSecrets: config.publisherSecrets(),
                maxFutureSkewMs: config.MAX_FUTURE_SKEW_MS,
              }),
              new MeteredEventWriter(
                {
                  insertMany: (docs) => events.insertMany(docs),
                  recordSessions: (docs, duplicates) => sessions.recordStored(docs, duplicates),
                },
                metrics,
              ),
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
