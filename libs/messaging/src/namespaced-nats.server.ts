import { NatsOptions, ServerNats } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { PlainRequestDeserializer } from './plain-request.deserializer.js';

/** What Nest's NATS server still needs besides the connection: its queue group and shutdown. */
type NatsServerOptions = Pick<Required<NatsOptions>['options'], 'queue' | 'gracefulShutdown' | 'gracePeriod'>;

/**
 * Nest's NATS server, with every `@MessagePattern` subject moved into a namespace, serving on the
 * app's own connection (`NatsConnectionService`) instead of opening one of its own.
 *
 * Patterns are fixed when the decorators run, the namespace only at boot, so the prefix is added
 * where the server subscribes: `ServerNats.bindEvents` calls `client.subscribe(pattern, …)` for
 * each handler and routes a message by that unprefixed pattern, so prefixing the subscription
 * subject alone is enough (checked against @nestjs/microservices 12.1, `server-nats.js`).
 * Production's namespace is '' and changes nothing; test runs sharing one NATS server each get
 * their own subjects, so one run's replicas never answer another run's requests.
 *
 * A plain NATS request (not Nest's packet) is answered too (`PlainRequestDeserializer`).
 *
 * `listen` waits for `connection` (so the app starts while NATS is absent, and subscribes once it
 * is there); Nest's `close` unsubscribes, waits the grace period, then closes that connection.
 */
export class NamespacedNatsServer extends ServerNats {
  constructor(
    options: NatsServerOptions,
    private readonly subjectFor: (pattern: string) => string,
    private readonly connection: () => Promise<NatsConnection>,
  ) {
    super({ ...options, deserializer: new PlainRequestDeserializer() });
  }

  override createNatsClient(): Promise<NatsConnection> {
    return this.connection();
  }

  override bindEvents(client: { subscribe(subject: string, options: unknown): unknown }): void {
    super.bindEvents({
      subscribe: (pattern: string, options: unknown) => client.subscribe(this.subjectFor(pattern), options),
    });
  }
}
