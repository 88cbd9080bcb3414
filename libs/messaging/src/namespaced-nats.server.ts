import { NatsOptions, ServerNats } from '@nestjs/microservices';

type NatsServerOptions = Required<NatsOptions>['options'];

/**
 * Nest's NATS server, with every `@MessagePattern` subject moved into a namespace.
 *
 * Patterns are fixed when the decorators run, the namespace only at boot, so the prefix is added
 * where the server subscribes: `ServerNats.bindEvents` calls `client.subscribe(pattern, …)` for
 * each handler and routes a message by that unprefixed pattern, so prefixing the subscription
 * subject alone is enough (checked against @nestjs/microservices 12.1, `server-nats.js`).
 * Production's namespace is '' and changes nothing; test runs sharing one NATS server each get
 * their own subjects, so one run's replicas never answer another run's requests.
 */
export class NamespacedNatsServer extends ServerNats {
  constructor(
    options: NatsServerOptions,
    private readonly subjectFor: (pattern: string) => string,
  ) {
    super(options);
  }

  override bindEvents(client: { subscribe(subject: string, options: unknown): unknown }): void {
    super.bindEvents({
      subscribe: (pattern: string, options: unknown) => client.subscribe(this.subjectFor(pattern), options),
    });
  }
}
