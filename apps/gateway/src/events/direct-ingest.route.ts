import { GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EventsController, INGEST_ROUTE } from './events.controller.js';

const INGEST_PATH = `/${INGEST_ROUTE.path}`;
// Nest stores an APP_GUARD / APP_INTERCEPTOR / APP_PIPE provider under this name plus an id.
const GLOBAL_ENHANCER = /^APP_(GUARD|INTERCEPTOR|PIPE)\b/;

/**
 * Makes Fastify call `EventsController.ingest` itself on `POST /v1/events`, instead of Nest's
 * per-request pipeline around it (router proxy, parameter factories, interceptor chain, exception
 * zone, response controller): ~14% of the gateway's CPU per request at one event per request
 * (docs/benchmarks.md, "Fourth round"). The controller still declares the route — its path, its
 * `@RequireScope('ingest')` that the credentials hook reads, its OpenAPI description — and an
 * error it throws reaches the same exception filter through Fastify's error handler.
 *
 * What it skips must not matter: the gateway has no guards, interceptors or pipes. So that one
 * added later cannot apply to every route but this one, the start fails when the route or any
 * module declares one.
 */
export function answerIngestDirectly(
  fastify: FastifyInstance,
  controller: EventsController,
  modules: ModulesContainer,
): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url !== INGEST_PATH || route.method !== 'POST') return;
    const enhancer = requestPipelineOf(modules);
    if (enhancer) {
      throw new Error(
        `${enhancer} would not run on POST ${INGEST_PATH}, which Fastify answers directly (direct-ingest.route.ts)`,
      );
    }
    route.handler = (request, reply) => controller.ingest(request, reply);
  });
}

/** The first guard, interceptor or pipe that Nest would run on the ingest route, if any. */
function requestPipelineOf(modules: ModulesContainer): string | undefined {
  for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA]) {
    for (const target of [EventsController, EventsController.prototype.ingest]) {
      if (Reflect.getMetadata(key, target)) return `a ${key} on EventsController`;
    }
  }
  for (const module of modules.values()) {
    for (const token of module.providers.keys()) {
      if (typeof token === 'string' && GLOBAL_ENHANCER.test(token)) return `${token} in ${module.name}`;
    }
  }
  return undefined;
}
