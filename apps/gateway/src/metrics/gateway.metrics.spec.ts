import { Registry } from 'prom-client';
import { ErrorCode } from '@eventline/contracts';
import { GatewayMetrics } from './gateway.metrics.js';

describe('GatewayMetrics', () => {
  it('counts rejected events by category and error code', async () => {
    const registry = new Registry();
    const metrics = new GatewayMetrics(registry);
    metrics.eventsRejected('party', ErrorCode.InvalidTimestamp, 2);
    metrics.eventsRejected('nonsense', ErrorCode.UnknownCategory);
    const text = await registry.metrics();
    expect(text).toContain(
      'eventline_gateway_events_rejected_total{category="party",code="invalid_timestamp"} 2',
    );
    expect(text).toContain(
      'eventline_gateway_events_rejected_total{category="unknown",code="unknown_category"} 1',
    );
  });

  it('times a publish under its outcome', async () => {
    const registry = new Registry();
    const metrics = new GatewayMetrics(registry);
    metrics.startPublish()('error');
    const text = await registry.metrics();
    expect(text).toContain('eventline_gateway_publish_duration_seconds_count{outcome="error"} 1');
  });
});
