import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Observable, Subscription } from 'rxjs';

/** The NATS transport's status stream (Nest's `Server.status`). */
export abstract class NatsTransportStatus {
  abstract readonly status: Observable<string>;
}

/** Up while the query subjects' NATS connection is connected. */
@Injectable()
export class NatsReadinessIndicator implements OnModuleDestroy {
  private current = 'disconnected';
  private readonly subscription: Subscription;

  constructor(
    transport: NatsTransportStatus,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.subscription = transport.status.subscribe((status) => (this.current = status));
  }

  check(key: string) {
    const session = this.indicators.check(key);
    return this.current === 'connected' ? session.up() : session.down({ transport: this.current });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
