import { randomUUID } from 'node:crypto';
import { importDist } from '../lib/environment.mjs';
import { BENCH_APP, sampleEvent } from '../lib/events.mjs';

/**
 * Micro-benchmark of `validateEvent` (libs/contracts, built), the per-event cost on the gateway's
 * and the ingestor's hot path. Reported as µs per event on one core, beside JSON.parse of the same
 * event for scale. A single event loop: the figure is what one Node process pays per event.
 */
export async function validationScenario({ runs, iterations }) {
  const { validateEvent, EventInput, PartyData } = await importDist('libs/contracts/src/index.js');
  const { validateSync } = await import('class-validator');
  const options = { maxFutureSkewMs: 24 * 3_600_000, expectedApp: BENCH_APP };
  const withId = sampleEvent({ eventId: randomUUID() });
  const withoutId = sampleEvent();
  const invalid = { ...sampleEvent(), session_id: 'nope', data: { host: 'x', path: 'no-slash', extra: 1 } };
  const json = JSON.stringify(withId);

  const cases = {
    'validateEvent (valid, client event_id)': () => validateEvent(withId, options),
    'validateEvent (valid, server-assigned UUIDv7)': () => validateEvent(withoutId, options),
    'validateEvent (invalid: 3 errors)': () => validateEvent(invalid, options),
    'class-validator validateSync, envelope + data (what the fast path skips)': () => {
      validateSync(Object.assign(new EventInput(), withId));
      validateSync(Object.assign(new PartyData(), withId.data));
    },
    'JSON.parse of the same event (for scale)': () => JSON.parse(json),
  };
  for (const fn of Object.values(cases)) for (let i = 0; i < 20_000; i++) fn(); // warm-up: JIT

  const results = {};
  for (const [name, fn] of Object.entries(cases)) {
    results[name] = [];
    for (let run = 0; run < runs; run++) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) fn();
      const ns = Number(process.hrtime.bigint() - started) / iterations;
      results[name].push(ns / 1000);
    }
  }
  return results;
}
