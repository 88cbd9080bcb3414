import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorCode, INGEST_LIMITS } from '@eventline/contracts';

// The documented shape of IngestReport (ingest.report.ts) for the OpenAPI document. The
// integration tests check every real answer against the document, so the two cannot drift.

@ApiSchema({ name: 'FieldError' })
class FieldErrorSchema {
  @ApiProperty({ description: 'Dotted path of the field at fault, e.g. `timestamp` or `data.host`.' })
  field!: string;

  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.InvalidTimestamp })
  code!: ErrorCode;

  @ApiProperty({ example: 'timestamp 2021-02-30 is not a calendar date' })
  message!: string;
}

@ApiSchema({ name: 'EventResult' })
class EventResultSchema {
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "The event's position in the request (0 for one object).",
  })
  index!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Sent by the producer or assigned by the gateway; absent when a rejected event had none.',
  })
  event_id?: string;

  @ApiProperty({
    enum: ['accepted', 'duplicate', 'rejected'],
    description:
      '`accepted`: JetStream confirmed it. `duplicate`: the same event_id was accepted before. `rejected`: see `errors`.',
  })
  status!: 'accepted' | 'duplicate' | 'rejected';

  @ApiPropertyOptional({
    type: [FieldErrorSchema],
    maxItems: INGEST_LIMITS.maxErrorsPerEvent,
    description: `Why it was rejected (rejected only). At most ${INGEST_LIMITS.maxErrorsPerEvent}; when there are more, the last counts the rest.`,
  })
  errors?: FieldErrorSchema[];
}

/** `POST /v1/events`'s per-event answer (202, 207, and the 400 where no event was valid). */
@ApiSchema({ name: 'IngestResponse' })
export class IngestResponseSchema {
  @ApiProperty({ type: 'integer', minimum: 0 })
  accepted!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  duplicates!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  rejected!: number;

  @ApiProperty({ type: [EventResultSchema], description: 'One entry per posted event, in order.' })
  results!: EventResultSchema[];
}
