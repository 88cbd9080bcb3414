import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants.js';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EventsController, INGEST_ROUTE } from './events.controller.js';

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
 * What it skips must not matter: the gateway has no guards, interceptors or pipes, and this route
 * no filter or header of its own. So that one added later cannot apply to every route but this
 * one, the start fails when the route, a module (APP_GUARD, …) or the app (`useGlobalGuards`, …)
 * declares one.
 */
export function answerIngestDirectly(
  fastify: FastifyInstance,
  controller: EventsController,
  nest: { modules: ModulesContainer; config: ApplicationConfig },
): void {
  fastify.addHook('onRoute', (route) => {
    if (route.url !== INGEST_ROUTE.path || route.method !== INGEST_ROUTE.method) return;
    const enhancer = requestPipelineOf(nest.modules, nest.config);
    if (enhancer) {
      throw new Error(
        `${enhancer} would not run on ${INGEST_ROUTE.method} ${INGEST_ROUTE.path}, which Fastify answers directly (direct-ingest.route.ts)`,
      );
    }
    route.handler = (request, reply) => controller.ingest(request, reply);
  });
}

const ROUTE_ENHANCERS = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  EXCEPTION_FILTERS_METADATA,
  HEADERS_METADATA,
];

/** The first guard, interceptor, pipe, filter or header Nest would add to the ingest route, if any. */
function requestPipelineOf(modules: ModulesContainer, config: ApplicationConfig): string | undefined {
  for (const key of ROUTE_ENHANCERS) {
    for (const target of [EventsController, EventsController.prototype.ingest]) {
      if (Reflect.getMetadata(key, target)) return `a ${key} on EventsController`;
    }
  }
  if (config.getGlobalGuards().length > 0) return 'a global guard (useGlobalGuards)';
  if (config.getGlobalInterceptors().length > 0) return 'a global interceptor (useGlobalInterceptors)';
  if (config.getGlobalPipes().length > 0) return 'a global pipe (useGlobalPipes)';
  for (const module of modules.values()) {
    for (const token of module.providers.keys()) {
      if (typeof token === 'string' && GLOBAL_ENHANCER.test(token)) return `${token} in ${module.name}`;
    }
  }
  return undefined;
}
