import { EventHeader } from '../topology/event-headers.js';
import { messageIdFor } from '../topology/message-id.js';
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
 * publisher, its HMAC of the body, the `Nats-Msg-Id` derived from that HMAC ({@link messageIdFor})
 * and the correlation id when there is one. Returns the message id. Publishers pass no `msgID`
 * option of their own: the header is the message id.
 */
export function writeEventMessageHeaders(
  headers: HeaderWriter,
  body: Uint8Array,
  publisher: MessagePublisher,
  correlationId?: string,
): string {
  const signature = signMessage(body, publisher.secret);
  const msgId = messageIdFor(signature);
  headers.set(EventHeader.App, publisher.id);
  headers.set(EventHeader.Signature, signature);
  headers.set(EventHeader.MsgId, msgId);
  if (correlationId) headers.set(EventHeader.CorrelationId, correlationId);
  return msgId;
}
