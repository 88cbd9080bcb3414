/**
 * One event as it travels on `events.<category>`: the posted shape with `event_id` filled in and
 * `timestamp` exactly as the producer wrote it (the message contract between every publisher and
 * the ingestor). `TData` narrows `data` for typed producers such as the client package.
 */
export interface PublishedEvent<TData extends object = Record<string, unknown>> {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: TData;
  timestamp: string;
}
