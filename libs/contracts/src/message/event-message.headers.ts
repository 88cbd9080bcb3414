import { EventHeader } from '../topology/event-headers.js';
import { signMessage } from '../topology/message-signature.js';

/** Who publishes a message: its `Eventline-App` and the secret the ingestor knows it by. */
export interface MessagePublisher {
  id: string;
  secret: string;
}

/** Where headers are written: the NATS client's `MsgHdrs`, a `Map`, … (contracts import no NATS). */
export interface HeaderWriter {
  set(name: string, value: string): unknown;
}

/**
 * Writes the headers that make a message on `events.<category>` trusted by the ingestor: the
 * publisher and its HMAC of the body, plus the correlation id when there is one. `Nats-Msg-Id` is
 * left to the NATS client's `msgID` publish option.
 */
export function writeEventMessageHeaders(
  headers: HeaderWriter,
  body: Uint8Array,
  publisher: MessagePublisher,
  correlationId?: string,
): void {
  headers.set(EventHeader.App, publisher.id);
  headers.set(EventHeader.Signature, signMessage(body, publisher.secret));
  if (correlationId) headers.set(EventHeader.CorrelationId, correlationId);
}
