import { FieldError } from '@eventline/contracts';

/** What became of one posted event, by its position in the request. */
export type EventResult =
  | { index: number; event_id: string; status: 'accepted' | 'duplicate' }
  | { index: number; event_id?: string; status: 'rejected'; errors: FieldError[] };

/** The body of a `POST /v1/events` answer that reports per-event results (202, 207, 400). */
export interface IngestResponseBody {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

export interface IngestOutcome {
  httpStatus: 202 | 207 | 400;
  body: IngestResponseBody;
}
