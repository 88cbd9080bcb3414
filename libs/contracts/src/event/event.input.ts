import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

/** Canonical 8-4-4-4-12 hex UUID, any version. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An event as producers send it (`POST /v1/events`, or a message on `events.<category>`). */
export class EventInput {
  /** UUID of the visitor's session. */
  @IsString()
  @Matches(UUID_PATTERN, { message: '$property must be a UUID (8-4-4-4-12 hex)' })
  session_id!: string;

  /** A registered category slug, e.g. `party`. */
  @IsString()
  category!: string;

  /** The application's name; must be the one bound to the caller's credential. */
  @IsString()
  @Length(1, 128)
  name!: string;

  /** Category-specific payload; unknown keys are refused. */
  @IsObject()
  data!: Record<string, unknown>;

  /** `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC) or ISO 8601. */
  @IsString()
  timestamp!: string;

  /** Optional client-chosen UUID used for de-duplication; the server assigns a UUIDv7 otherwise. */
  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: '$property must be a UUID (8-4-4-4-12 hex)' })
  event_id?: string;
}

export const EVENT_INPUT_KEYS: ReadonlySet<string> = new Set([
  'session_id',
  'category',
  'name',
  'data',
  'timestamp',
  'event_id',
]);
