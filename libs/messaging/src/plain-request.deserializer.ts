import { NatsRequestJSONDeserializer } from '@nestjs/microservices';
import type { IncomingEvent, IncomingRequest } from '@nestjs/microservices';

/**
 * Nest's NATS deserializer, except that a plain NATS request (a JSON body that is not Nest's
 * `{ pattern, data, id }` packet, sent with a reply subject) is handled as a request rather than
 * as a fire-and-forget event: it goes through the same guards and gets an answer, an error reply
 * at least, instead of silence until the requester's timeout.
 */
export class PlainRequestDeserializer extends NatsRequestJSONDeserializer {
  override async deserialize(
    value: { reply?: string },
    options?: Record<string, unknown>,
  ): Promise<IncomingRequest | IncomingEvent> {
    const message = await super.deserialize(value, options);
    if ('id' in message && message.id !== undefined) return message;
    return value.reply ? { ...message, id: value.reply } : message;
  }
}
