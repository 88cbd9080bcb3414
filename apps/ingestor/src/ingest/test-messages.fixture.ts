import { randomUUID } from 'node:crypto';
import { EventHeader, EventTopology, writeEventMessageHeaders } from '@eventline/contracts';
import type { InboundMessage } from '@eventline/messaging';

export const topology = new EventTopology('unit');
export const SECRETS = new Map([
  ['shop', 'shop-secret-0123456789'],
  ['eventline-gateway', 'gateway-secret-0123456789'],
]);

export function partyEvent(name = 'shop', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    session_id: randomUUID(),
    category: 'party',
    name,
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    ...overrides,
  };
}

/** A message as the consume loop hands it over, signed by `app` unless a header is given. */
export function messageOf(
  payload: unknown,
  options: { app?: string; signature?: string; seq?: number; deliveryCount?: number; subject?: string } = {},
): InboundMessage {
  const app = options.app ?? 'shop';
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const headers = new Map<string, string>();
  writeEventMessageHeaders(headers, body, { id: app, secret: SECRETS.get(app) ?? 'unknown-secret-000000' });
  if (options.signature !== undefined) headers.set(EventHeader.Signature, options.signature);
  return {
    subject: options.subject ?? topology.eventsSubject('party'),
    body,
    header: (name) => headers.get(name),
    streamSequence: options.seq ?? 7,
    storedAt: new Date('2026-01-02T03:04:05.678Z'),
    deliveryCount: options.deliveryCount ?? 1,
  };
}
