import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { OperationalRoute } from '../routes/operational-route.decorator.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';

/** `GET /metrics`: the process's metrics in the Prometheus text format. */
@Controller('metrics')
@OperationalRoute()
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
