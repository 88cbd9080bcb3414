import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyCompress from '@fastify/compress';
import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayConfig } from './config/gateway.config.js';
import { GatewayModule } from './gateway.module.js';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

const NEST_LEVELS: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the gateway application (not yet listening): main.ts and the integration tests run
 * exactly the same HTTP setup.
 */
export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Applied while the body streams in, before parsing, and to the inflated bytes of a gzip body.
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(config), adapter, {
    logger: NEST_LEVELS[config.LOG_LEVEL],
    // Nest's parsers would add application/x-www-form-urlencoded; Fastify's own JSON parser is
    // all the API needs (it also refuses __proto__ / constructor.prototype keys).
    bodyParser: false,
  });
  // Inflates gzip / deflate / br request bodies; responses stay uncompressed (they are small).
  await app.register(fastifyCompress, { globalCompression: false });
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify parses text/plain by default; the API takes JSON only, so anything else is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  return app;
}
