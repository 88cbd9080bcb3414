import 'reflect-metadata';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import Fastify from 'fastify';
import { answerIngestDirectly } from './direct-ingest.route.js';
import { EventsController } from './events.controller.js';

function nestWith(tokens: string[], config = new ApplicationConfig()) {
  const modules = new ModulesContainer();
  modules.set('m', { name: 'SomeModule', providers: new Map(tokens.map((t) => [t, {}])) } as never);
  return { modules, config };
}

describe('answerIngestDirectly', () => {
  const nestHandler = () => ({ by: 'nest' });

  it("has Fastify call the controller's method on POST /v1/events, and leaves other routes to Nest", async () => {
    const controller = { ingest: async () => ({ by: 'controller' }) } as unknown as EventsController;
    const fastify = Fastify();
    answerIngestDirectly(fastify, controller, nestWith(['SomeService']));
    fastify.post('/v1/events', nestHandler);
    fastify.get('/v1/events', nestHandler);
    fastify.post('/v1/other', nestHandler);
    const body = async (method: 'GET' | 'POST', url: string) =>
      (await fastify.inject({ method, url })).json();
    expect(await body('POST', '/v1/events')).toEqual({ by: 'controller' });
    expect(await body('GET', '/v1/events')).toEqual({ by: 'nest' });
    expect(await body('POST', '/v1/other')).toEqual({ by: 'nest' });
    await fastify.close();
  });

  it.each(['APP_GUARD (UUID: 1)', 'APP_INTERCEPTOR (UUID: 2)', 'APP_PIPE (UUID: 3)'])(
    'refuses to start when a module declares %s, which the direct route would skip',
    (token) => {
      const fastify = Fastify();
      answerIngestDirectly(fastify, {} as EventsController, nestWith(['SomeService', token]));
      expect(() => fastify.post('/v1/events', nestHandler)).toThrow(/would not run on POST \/v1\/events/);
    },
  );

  it.each([
    ['guard', (config: ApplicationConfig) => config.useGlobalGuards({ canActivate: () => true })],
    [
      'interceptor',
      (config: ApplicationConfig) => config.useGlobalInterceptors({ intercept: (_c, next) => next.handle() }),
    ],
    ['pipe', (config: ApplicationConfig) => config.useGlobalPipes({ transform: (value: unknown) => value })],
  ])('refuses to start when the app has a global %s', (kind, add) => {
    const config = new ApplicationConfig();
    add(config);
    const fastify = Fastify();
    answerIngestDirectly(fastify, {} as EventsController, nestWith([], config));
    expect(() => fastify.post('/v1/events', nestHandler)).toThrow(new RegExp(`global ${kind}`));
  });

  it('accepts a global exception filter: errors reach it through Fastify', () => {
    const fastify = Fastify();
    answerIngestDirectly(fastify, {} as EventsController, nestWith(['APP_FILTER (UUID: 4)']));
    expect(() => fastify.post('/v1/events', nestHandler)).not.toThrow();
  });
});
