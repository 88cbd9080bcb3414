import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';

it('boots', async () => {
  const mod = await Test.createTestingModule({ imports: [GatewayModule] }).compile();
  const app = mod.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
  await app.listen(0, '127.0.0.1');
  const res = await fetch(`${await app.getUrl()}/health/live`);
  expect(await res.json()).toEqual({ status: 'ok', stream: 'EVENTS' });
  expect(process.env.NATS_URL).toBeDefined();
  await app.close();
});
