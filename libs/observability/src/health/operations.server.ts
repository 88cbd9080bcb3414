import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import Fastify, { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens.js';
import { ReadinessService } from './readiness.service.js';

/**
 * The HTTP port of a service without an HTTP API of its own (ingestor, query): `/health/live`,
 * `/health/ready` and `/metrics` on HEALTH_PORT, for the container HEALTHCHECK and Prometheus.
 * main.ts starts it (`app.get(OperationsServer).listen(config.HEALTH_PORT)`) so that modules built
 * in tests bind no port unless asked to.
 */
@Injectable()
export class OperationsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(OperationsServer.name);
  private server?: FastifyInstance;

  constructor(
    private readonly readiness: ReadinessService,
    @Optional() @Inject(METRICS_REGISTRY) private readonly registry?: Registry,
  ) {}

  /** Listens on `port` (0: any free port) and resolves to the port it got. */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = Fastify({ logger: false });
    server.get('/health/live', async () => ({ status: 'ok' }));
    server.get('/health/ready', async (_request, reply) => {
      const report = await this.readiness.check();
      return reply.status(report.httpStatus).send(report.body);
    });
    const registry = this.registry;
    if (registry) {
      server.get('/metrics', async (_request, reply) =>
        reply.header('Content-Type', registry.contentType).send(await registry.metrics()),
      );
    }
    await server.listen({ port, host });
    this.server = server;
    const address = server.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    this.logger.log(`health and metrics on port ${bound}`);
    return bound;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
