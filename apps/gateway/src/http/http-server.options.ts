import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import { GatewayConfig } from '../config/gateway.config.js';
import { clientErrorHandler } from './client-error.handler.js';
import { frameworkErrorHandler } from './framework-error.handler.js';

// How often Node looks for requests past their timeout: a timeout fires up to this much late.
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * The gateway's HTTP server settings. A request's headers and body must arrive within
 * REQUEST_TIMEOUT_MS (Node's `requestTimeout`, and `headersTimeout` which may not exceed it), so a
 * client sending a byte now and then cannot hold a connection: it gets a 408 and is closed.
 * Only the arrival of the request is timed; a slow answer (a query, a live stream) is not.
 * Fastify's `connectionTimeout` (idle socket) stays off: a trickling client resets it anyway,
 * and it would cut idle live streams.
 */
export function httpServerOptions(config: GatewayConfig): FastifyHttpOptions<Server> {
  return {
    // Applied while the body streams in, before parsing, and to the inflated bytes of a gzip body.
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    clientErrorHandler: clientErrorHandler(config.REQUEST_TIMEOUT_MS),
    frameworkErrors: frameworkErrorHandler,
  };
}
