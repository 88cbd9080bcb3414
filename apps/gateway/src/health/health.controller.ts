import { Controller, Get } from '@nestjs/common';
import { EventTopology } from '@eventline/contracts';

@Controller('health')
export class HealthController {
  @Get('live')
  live() {
    return { status: 'ok', stream: new EventTopology().eventsStream };
  }
}
