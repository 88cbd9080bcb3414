import { Controller, Get } from '@nestjs/common';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { EventPublisher } from '@eventline/messaging';

@Controller('health')
export class HealthController {
  constructor(private readonly publisher: EventPublisher) {}

  /** The process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Events can be accepted: the NATS connection is up. */
  @Get('ready')
  ready(): { status: 'ok' } {
    if (!this.publisher.isConnected())
      throw new DomainError(ErrorCode.BrokerUnavailable, 'not connected to NATS');
    return { status: 'ok' };
  }
}
