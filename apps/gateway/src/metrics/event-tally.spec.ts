import { Registry } from 'prom-client';
import { ErrorCode } from '@eventline/contracts';
import { EventTally } from './event-tally.js';
import { GatewayMetrics } from './gateway.metrics.js';

describe('EventTally', () => {
  it('adds up a request per category and outcome, as one counting per event would', async () => {
    const registry = new Registry();
    const tally = new EventTally();
    for (let i = 0; i < 3; i++) tally.add('party', 'accepted');
    tally.add('party', 'duplicate');
    tally.add('party', ErrorCode.InvalidTimestamp);
    tally.add('click', 'accepted');
    tally.add('nonsense', ErrorCode.UnknownCategory);
    tally.add(42, ErrorCode.UnknownCategory);
    tally.add(undefined, ErrorCode.InvalidBody);
    tally.report(new GatewayMetrics(registry));
    const text = await registry.metrics();
    for (const line of [
      'eventline_gateway_events_received_total{category="party"} 5',
      'eventline_gateway_events_received_total{category="click"} 1',
      'eventline_gateway_events_received_total{category="unknown"} 3',
      'eventline_gateway_events_accepted_total{category="party"} 3',
      'eventline_gateway_events_duplicate_total{category="party"} 1',
      'eventline_gateway_events_rejected_total{category="party",code="invalid_timestamp"} 1',
      'eventline_gateway_events_rejected_total{category="unknown",code="unknown_category"} 2',
      'eventline_gateway_events_rejected_total{category="unknown",code="invalid_body"} 1',
    ])
      expect(text).toContain(line);
  });
});
