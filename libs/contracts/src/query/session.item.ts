import { ApiProperty } from '@nestjs/swagger';

/** One session in `GET /v1/sessions`: its events that matched the filters, summarised. */
export class SessionItem {
  @ApiProperty({ format: 'uuid' })
  session_id!: string;

  @ApiProperty({ description: 'The application.' })
  name!: string;

  @ApiProperty({ minimum: 1 })
  event_count!: number;

  @ApiProperty({ example: '2021-09-26 09:15:27.243860' })
  first_timestamp!: string;

  @ApiProperty({ example: '2021-09-26 09:21:03.000120' })
  last_timestamp!: string;

  @ApiProperty({ type: [String], description: 'Categories seen, sorted.', example: ['page_view', 'party'] })
  categories!: string[];
}
