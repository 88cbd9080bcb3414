import 'reflect-metadata';
import { Controller, Get, Module, Req } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';
import { connectNats, JetStreamHealthProbe, provisionTopology } from '@eventline/messaging';
import { MongoPingProbe } from '@eventline/storage';
import {
  fastifyRequestIdOptions,
  HealthModule,
  LoggingModule,
  MetricsModule,
  MONGO_HEALTH_PROBE,
  NATS_HEALTH_PROBE,
} from '@eventline/observability';
import { ErrorResponseFilter } from '../../../apps/gateway/src/errors/error-response.filter.js';
import { GatewayMetrics } from '../../../apps/gateway/src/metrics/gateway.metrics.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

@Controller('v1/echo')
class EchoController {
  @Get()
  echo(@Req() request: { id: string }) {
    return { request_id: request.id };
  }
}

describe('observability modules in a Fastify app', () => {
  const topology = new EventTopology(uniqueNamespace('obsmod'));
  let nc: NatsConnection;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    nc = await connectNats({ url: testServers().natsUrl, name: 'ops-modules-test' });
    @Module({
      imports: [
        LoggingModule.forRoot({ level: 'silent', service: 'test' }),
        MetricsModule.forRoot({ service: 'gateway', metrics: GatewayMetrics }),
        HealthModule.forRoot({ nats: true, streams: true, mongo: true }),
      ],
      controllers: [EchoController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        { provide: NATS_HEALTH_PROBE, useValue: new JetStreamHealthProbe(() => nc, [topology.eventsStream]) },
        { provide: MONGO_HEALTH_PROBE, useFactory: () => new MongoPingProbe(testServers().mongoUrl) },
      ],
    })
    class TestModule {}
    app = await NestFactory.create<NestFastifyApplication>(
      TestModule,
      new FastifyAdapter(fastifyRequestIdOptions),
      {
        logger: false,
      },
    );
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    const jsm = await jetstreamManager(nc);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc?.drain();
  });

  it("takes the caller's X-Request-Id as the request id, or generates one", async () => {
    const given = await fetch(`${base}/v1/echo`, { headers: { 'x-request-id': 'req-abc-1' } });
    expect(await given.json()).toEqual({ request_id: 'req-abc-1' });
    const generated = await fetch(`${base}/v1/echo`, { headers: { 'x-request-id': 'bad id\n' } });
    expect(await generated.json()).toEqual({ request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('is unready while the stream is missing and ready once it exists', async () => {
    const before = await fetch(`${base}/health/ready`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: 'error', error: { jetstream: { status: 'down' } } });
    await provisionTopology(nc, topology, []);
    const after = await fetch(`${base}/health/ready`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({
      status: 'ok',
      info: { nats: { status: 'up' }, jetstream: { status: 'up' }, mongodb: { status: 'up' } },
    });
  });

  it('serves the metrics in the Prometheus text format', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE eventline_gateway_events_rejected_total counter');
    expect(text).toContain('process_cpu_seconds_total{service="gateway"}');
  });
});
