import 'reflect-metadata';
import { ModulesContainer } from '@nestjs/core';
import Fastify from 'fastify';
import { answerIngestDirectly } from './direct-ingest.route.js';
import { EventsController } from './events.controller.js';

function modulesWith(...tokens: string[]): ModulesContainer {
  const modules = new ModulesContainer();
  modules.set('m', { name: 'SomeModule', providers: new Map(tokens.map((t) => [t, {}])) } as never);
  return modules;
}

describe('answerIngestDirectly', () => {
  const nestHandler = () => ({ by: 'nest' });

  it("has Fastify call the controller's method on POST /v1/events, and leaves other routes to Nest", async () => {
    const controller = { ingest: async () => ({ by: 'controller' }) } as unknown as EventsController;
    const fastify = Fastify();
    answerIngestDirectly(fastify, controller, modulesWith('SomeService'));
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
      answerIngestDirectly(fastify, {} as EventsController, modulesWith('SomeService', token));
      expect(() => fastify.post('/v1/events', nestHandler)).toThrow(/would not run on POST \/v1\/events/);
    },
  );

  it('accepts a global exception filter: errors reach it through Fastify', () => {
    const fastify = Fastify();
    answerIngestDirectly(fastify, {} as EventsController, modulesWith('APP_FILTER (UUID: 4)'));
    expect(() => fastify.post('/v1/events', nestHandler)).not.toThrow();
  });
});
