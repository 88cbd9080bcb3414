import fastifyCompress from '@fastify/compress';
import { ApplicationConfig, ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { addAccessLog, fastifyRequestIdOptions, REQUEST_ID_HEADER } from '@eventline/observability';
import { IngestAdmission } from './admission/ingest-admission.js';
import { ApiKeyRegistry } from './auth/api-key.registry.js';
import { checkCredentials } from './auth/credentials.check.js';
import { GatewayConfig } from './config/gateway.config.js';
import { answerIngestDirectly } from './events/direct-ingest.route.js';
import { EventsController, INGEST_ROUTE } from './events/events.controller.js';
import { limitRequestBodies } from './http/request-body.limits.js';
import { serveExplorer } from './explorer/explorer.setup.js';
import { GatewayModule } from './gateway.module.js';
import { correlationIdOf } from './http/correlation-id.decorator.js';
import { httpServerOptions } from './http/http-server.options.js';
import { parseJsonBodies } from './http/json-body.parser.js';
import { answerMethodNotAllowed } from './http/method-not-allowed.check.js';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { setupOpenApi } from './openapi.setup.js';
import { RateLimits } from './rate-limit/rate-limits.js';
import { acceptGetBodies } from './queries/get-body.setup.js';

/**
 * Builds the gateway application (not yet listening): main.ts and the integration tests run
 * exactly the same HTTP setup.
 */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    ...httpServerOptions(config),
    // The caller's X-Request-Id or a UUID: logged as reqId, sent on NATS as the correlation id.
    ...fastifyRequestIdOptions,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(config), adapter, {
    // Held until nestjs-pino (LOG_LEVEL, JSON lines) is Nest's logger, just below.
    bufferLogs: true,
    // Nest's parsers would add application/x-www-form-urlencoded; Fastify's own JSON parser is
    // all the API needs (it also refuses __proto__ / constructor.prototype keys).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  if (config.CORS_ORIGINS !== 'off') {
    app.enableCors({
      origin: config.CORS_ORIGINS === '*' ? '*' : config.CORS_ORIGINS.split(','),
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', REQUEST_ID_HEADER],
      exposedHeaders: ['Retry-After', REQUEST_ID_HEADER],
      maxAge: 600,
    });
  }
  // Inflates gzip / deflate / br request bodies; responses stay uncompressed (they are small).
  await app.register(fastifyCompress, { globalCompression: false });
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify parses text/plain by default; the API takes JSON only, so anything else is a 415.
  fastify.removeContentTypeParser('text/plain');
  parseJsonBodies(fastify);
  acceptGetBodies(app);
  setupOpenApi(app, { ui: config.DOCS_UI === 'on', maxEvents: config.MAX_EVENTS_PER_REQUEST });
  if (config.EXPLORER_UI === 'on') await serveExplorer(app);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, correlationIdOf(request));
    done();
  });
  answerMethodNotAllowed(fastify);
  limitRequestBodies(fastify);
  const rateLimits = app.get(RateLimits);
  checkCredentials(fastify, app.get(ApiKeyRegistry), rateLimits);
  answerIngestDirectly(fastify, app.get(EventsController), {
    modules: app.get(ModulesContainer),
    config: app.get(ApplicationConfig),
  });
  // After the credentials check (only an authorised request waits for room), before the body is read.
  const admission = new IngestAdmission(config.INGEST_BYTES_IN_FLIGHT, config.BODY_LIMIT_BYTES);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== INGEST_ROUTE.method || request.routeOptions.url !== INGEST_ROUTE.path)
      return done();
    admission.admit(request, reply).then(() => done(), done);
  });
  addAccessLog(fastify, config.ACCESS_LOG_SAMPLE_RATE);
  const metrics = app.get(GatewayMetrics);
  metrics.observeRateLimitTrackers(() => rateLimits.trackers);
  metrics.observeIngestBytesInFlight(() => admission.bytesInFlight);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestCompleted(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  return app;
}
