import { OnModuleDestroy } from '@nestjs/common';
import { Observable, Subscription } from 'rxjs';

/** The NATS transport's status stream (Nest's `Server.status`). */
export abstract class NatsTransportStatus {
  abstract readonly status: Observable<string>;
}

/**
 * Readiness's view of NATS for the query service (libs/observability's `NatsHealthProbe`): up
 * while the transport serving the query subjects is connected. The connection is Nest's, inside
 * the transport, so its status stream is what there is to watch. The query service needs no stream.
 */
export class NatsTransportProbe implements OnModuleDestroy {
  private current = 'disconnected';
  private readonly subscription: Subscription;

  constructor(transport: NatsTransportStatus) {
    this.subscription = transport.status.subscribe((status) => (this.current = status));
  }

  async ping(): Promise<void> {
    if (this.current !== 'connected') throw new Error(`NATS transport ${this.current}`);
  }

  async missingStreams(): Promise<string[]> {
    return [];
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
