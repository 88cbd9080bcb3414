import { fastifyRequestIdOptions } from '../logging/request-id.js';

// A probe or a scrape arrives in milliseconds; Node's default would let one request take 300 s.
const PROBE_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Fastify adapter options of a server that only answers probes and scrapes (the ingestor's and
 * the query service's HEALTH_PORT: `/health/*`, `/metrics`). No route of theirs reads a body, so
 * none is read: a request carrying more than a byte (the least Fastify lets a limit be) is
 * answered 413 on its declared length, before any of it arrives, where Fastify's default would
 * read and hold up to 1 MiB of it (on a POST to any path, unknown ones included) for as long as
 * the request takes.
 * `new FastifyAdapter(probeServerOptions)`.
 */
export const probeServerOptions = {
  ...fastifyRequestIdOptions,
  bodyLimit: 1,
  requestTimeout: PROBE_REQUEST_TIMEOUT_MS,
};
