import { FieldError } from '@eventline/contracts';

/** What became of one posted event, by its position in the request. */
export type EventResult =
  | { index: number; event_id: string; status: 'accepted' | 'duplicate' }
  | { index: number; event_id?: string; status: 'rejected'; errors: FieldError[] };

/**
 * What became of the events of one request: the ingest use case's result, and the body of the
 * `POST /v1/events` answers that report per event (202, 207, 400; the controller picks which).
 */
export interface IngestReport {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}
