import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@eventline/config';
import { EventTopology } from '@eventline/contracts';
import { connectNats, provisionTopology } from '@eventline/messaging';
import { exitOnSignals } from '@eventline/observability';
import { IngestorConfig } from './ingestor.config.js';
import { IngestorModule } from './ingestor.module.js';

// Past this, a stuck shutdown gives up: unacked messages are redelivered, nothing is lost.
const SHUTDOWN_TIMEOUT_MS = 20_000;

const config = loadConfigOrExit(IngestorConfig, process.env, 'eventline ingestor');

const nc = await connectNats({
  url: config.NATS_URL,
  name: 'eventline-ingestor',
  user: config.NATS_USER,
  pass: config.NATS_PASS,
});
await provisionTopology(nc, new EventTopology(config.EVENTLINE_NAMESPACE), config.categories(), {
  replicas: config.STREAM_REPLICAS,
  duplicateWindowMs: 120_000,
  ackWaitMs: config.ACK_WAIT_MS,
  maxDeliver: config.MAX_DELIVER,
});
const app = await NestFactory.create<NestFastifyApplication>(
  IngestorModule.register(config, nc),
  new FastifyAdapter(),
  // Logs wait for nestjs-pino (JSON lines at LOG_LEVEL), which becomes Nest's logger just below.
  { bufferLogs: true },
);
app.useLogger(app.get(Logger));
const logger = new NestLogger('Main');
await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
logger.log({ msg: 'health endpoints listening', url: await app.getUrl() });

exitOnSignals(
  async () => {
    await app.close();
    // Drain flushes the acks of the last batch before the connection closes.
    await nc.drain();
  },
  { timeoutMs: SHUTDOWN_TIMEOUT_MS },
);
