import { createHash } from 'node:crypto';

/**
 * The `Nats-Msg-Id` of a message: the event id for one event, a digest of the ids for an array,
 * so that a retried request publishes byte-for-byte the same ids and the stream drops the copy.
 */
export function messageIdFor(eventIds: readonly string[]): string {
  if (eventIds.length === 1) return eventIds[0];
  return createHash('sha256').update(eventIds.join(',')).digest('hex');
}
