import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { exitIfPortTaken, loadConfigOrExit } from '@eventline/config';
import { addAccessLog, exitOnSignals, probeServerOptions } from '@eventline/observability';
import { IngestorConfig } from './ingestor.config.js';
import { IngestorModule } from './ingestor.module.js';

// Past this, a stuck shutdown gives up: unacked messages are redelivered, nothing is lost.
const SHUTDOWN_TIMEOUT_MS = 20_000;

const config = loadConfigOrExit(IngestorConfig, process.env, 'eventline ingestor');

// Handlers first, before anything is awaited: a stop while the app still starts ends it at once.
const started: { app?: NestFastifyApplication } = {};
exitOnSignals(async () => await started.app?.close(), { timeoutMs: SHUTDOWN_TIMEOUT_MS });
await exitIfPortTaken('eventline ingestor', 'HEALTH_PORT', config.HEALTH_PORT, config.HEALTH_HOST);
// NATS is connected (and the topology provisioned) by IngestorModule's NatsModule while the app
// starts, or in the background while it is absent; closing stops the consumers, then drains it.
const app = (started.app = await NestFactory.create<NestFastifyApplication>(
  IngestorModule.register(config),
  new FastifyAdapter(probeServerOptions),
  // Logs wait for nestjs-pino (JSON lines at LOG_LEVEL), which becomes Nest's logger just below.
  { bufferLogs: true },
));
app.useLogger(app.get(Logger));
addAccessLog(app.getHttpAdapter().getInstance(), config.ACCESS_LOG_SAMPLE_RATE);
const logger = new NestLogger('Main');
await app.listen(config.HEALTH_PORT, config.HEALTH_HOST);
logger.log({ msg: 'health endpoints listening', url: await app.getUrl() });
