import { ErrorCode } from '@eventline/contracts';
import { GatewayMetrics } from './gateway.metrics.js';

/** What became of an event, as the metrics count it: its status, or the code it was refused with. */
export type EventOutcome = 'accepted' | 'duplicate' | ErrorCode;

/**
 * The events of one request counted by category and outcome, then handed to the metrics with one
 * increment per pair: a label lookup per event was measurable on 100-event requests.
 */
export class EventTally {
  private readonly byCategory = new Map<unknown, Map<EventOutcome, number>>();

  add(category: unknown, outcome: EventOutcome): void {
    // Only strings can name a category; anything else is counted as one unknown category.
    const key = typeof category === 'string' ? category : undefined;
    let outcomes = this.byCategory.get(key);
    if (!outcomes) this.byCategory.set(key, (outcomes = new Map()));
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }

  report(metrics: GatewayMetrics): void {
    for (const [category, outcomes] of this.byCategory) {
      let received = 0;
      for (const [outcome, count] of outcomes) {
        received += count;
        if (outcome === 'accepted') metrics.eventsAccepted(category, count);
        else if (outcome === 'duplicate') metrics.eventsDuplicate(category, count);
        else metrics.eventsRejected(category, outcome, count);
      }
      metrics.eventsReceived(category, received);
    }
  }
}
