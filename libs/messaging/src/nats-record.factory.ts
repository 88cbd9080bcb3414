import { NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';

/**
 * Wraps a Nest ClientProxy payload so that it travels with NATS headers (e.g. the correlation
 * id); Nest's NATS serializer sends a {@link NatsRecord}'s headers and its data as the payload.
 */
export function natsRecordWithHeaders<T>(data: T, headers: Record<string, string>): NatsRecord<T> {
  const h = natsHeaders();
  for (const [name, value] of Object.entries(headers)) h.set(name, value);
  return new NatsRecordBuilder(data).setHeaders(h).build() as NatsRecord<T>;
}

/** One header of a message Nest's NATS server handed over (`NatsContext.getHeaders()`), if any. */
export function natsHeaderOf(messageHeaders: unknown, name: string): string | undefined {
  const value = (messageHeaders as { get?: (key: string) => string } | undefined)?.get?.(name);
  return value ? value : undefined;
}
