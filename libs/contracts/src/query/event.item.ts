import { ApiProperty } from '@nestjs/swagger';

/** One event in a query answer: the posted shape plus `event_id` and `received_at`. */
export class EventItem {
  @ApiProperty({ format: 'uuid' })
  event_id!: string;

  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ example: 'party' })
  category!: string;

  @ApiProperty({ description: 'The application.' })
  name!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { host: 'www.party.com', path: '/' } })
  data!: Record<string, unknown>;

  @ApiProperty({ description: 'Event time, UTC, microseconds.', example: '2021-09-26 09:15:27.243860' })
  timestamp!: string;

  @ApiProperty({
    description: 'When the broker stored the event, UTC.',
    example: '2021-09-26 09:15:27.301000',
  })
  received_at!: string;
}
