import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';

/** Each checked dependency by name (`nats`, `jetstream`, `mongodb`) with its status. */
function dependencies(description: string): ApiPropertyOptions {
  return {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['up', 'down'] },
        message: { type: 'string', description: 'Why it is down.' },
        responseTime: { type: 'integer', description: 'Milliseconds the check took.' },
      },
      required: ['status'],
      // Terminus's indicators may add details of their own.
      additionalProperties: true,
    },
    example: { nats: { status: 'up' }, jetstream: { status: 'up' }, mongodb: { status: 'up' } },
    description,
  };
}

/** `GET /health/ready`'s body (terminus's report; `shutting_down` alone during a shutdown). */
@ApiSchema({ name: 'HealthReport' })
export class HealthReportSchema {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] })
  status!: string;

  @ApiPropertyOptional(dependencies('The dependencies that answer.'))
  info?: object;

  @ApiPropertyOptional(dependencies("The dependencies that do not, with terminus's reason."))
  error?: object;

  @ApiPropertyOptional(dependencies('Every dependency checked.'))
  details?: object;
}
