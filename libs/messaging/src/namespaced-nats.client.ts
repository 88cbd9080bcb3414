import { ClientNats, NatsOptions } from '@nestjs/microservices';

type NatsClientOptions = Required<NatsOptions>['options'];

/**
 * Nest's NATS client, sending each pattern to its subject in a namespace: the counterpart of
 * {@link NamespacedNatsServer}. `ClientNats.publish` takes the subject from `normalizePattern`.
 */
export class NamespacedNatsClient extends ClientNats {
  constructor(
    options: NatsClientOptions,
    private readonly subjectFor: (pattern: string) => string,
  ) {
    super(options);
  }

  protected override normalizePattern(pattern: Parameters<ClientNats['normalizePattern']>[0]): string {
    return this.subjectFor(super.normalizePattern(pattern));
  }
}
