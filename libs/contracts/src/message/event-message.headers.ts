import { EventHeader } from '../topology/event-headers.js';
import { signMessage } from '../topology/message-signature.js';

/** Who publishes a message: its `Eventline-App` and the secret the ingestor knows it by. */
export interface MessagePublisher {
  id: string;
  secret: string;
}

/**
 * The headers that make a message on `events.<category>` trusted by the ingestor: the publisher
 * and its HMAC of the body, plus the correlation id when there is one. `Nats-Msg-Id` is left to
 * the NATS client's `msgID` publish option.
 */
export function eventMessageHeaders(
  body: Uint8Array,
  publisher: MessagePublisher,
  correlationId?: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeader.App]: publisher.id,
    [EventHeader.Signature]: signMessage(body, publisher.secret),
  };
  if (correlationId) headers[EventHeader.CorrelationId] = correlationId;
  return headers;
}
