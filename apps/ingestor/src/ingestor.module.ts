import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventTopology } from '@eventline/contracts';
import type { NatsConnection } from '@eventline/messaging';
import { EventsRepository, StorageModule } from '@eventline/storage';
import { HealthController } from './health/health.controller.js';
import { IngestBatchService } from './ingest/ingest-batch.service.js';
import { IngestConsumer } from './ingest/ingest.consumer.js';
import { MessageInspector } from './ingest/message.inspector.js';
import { IngestorConfig } from './ingestor.config.js';
import { INGESTOR_CONFIG, NATS_CONNECTION } from './ingestor.tokens.js';

@Module({})
export class IngestorModule {
  /** The connection is opened (and drained at exit) by main.ts, which also provisions the topology. */
  static register(config: IngestorConfig, nc: NatsConnection): DynamicModule {
    return {
      module: IngestorModule,
      controllers: [HealthController],
      imports: [
        TerminusModule.forRoot({ logger: false }),
        StorageModule.register({
          mongoUrl: config.MONGO_URL,
          writeConcern: config.writeConcern(),
          serverSelectionTimeoutMs: config.MONGO_SERVER_SELECTION_TIMEOUT_MS,
        }),
      ],
      providers: [
        { provide: INGESTOR_CONFIG, useValue: config },
        { provide: NATS_CONNECTION, useValue: nc },
        {
          provide: IngestBatchService,
          inject: [EventsRepository],
          useFactory: (repository: EventsRepository) =>
            new IngestBatchService(
              new MessageInspector({
                topology: new EventTopology(config.EVENTLINE_NAMESPACE),
                publisherSecrets: config.publisherSecrets(),
                maxFutureSkewMs: config.MAX_FUTURE_SKEW_MS,
              }),
              repository,
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
