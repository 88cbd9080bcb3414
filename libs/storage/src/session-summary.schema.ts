import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const SESSIONS_COLLECTION = 'sessions';

/**
 * One session of one application, summarised (collection `sessions`): what the sessions list in
 * `recent` order reads (docs/queries.md, "Sessions newest first"). The ingestor keeps it with
 * idempotent update operators after each batch of events is stored and before the batch is
 * acknowledged; `npm run sessions:backfill` builds it from events stored before it existed. It
 * holds no event count: a count added per batch would be lost by a crash between the events'
 * write and this one (the redelivery finds the events already stored), so the query counts.
 */
@Schema({ collection: SESSIONS_COLLECTION, versionKey: false, autoIndex: false, strict: 'throw' })
export class SessionSummary {
  /** The session's identity (application, session_id), as `sessionKey` writes it. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** The application (the events' `name`). */
  @Prop({ type: String, required: true })
  application!: string;

  @Prop({ type: String, required: true })
  session_id!: string;

  /** The earliest event time stored for the session, epoch microseconds. */
  @Prop({ type: Number, required: true })
  first_us!: number;

  /** The latest event time stored for the session, epoch microseconds: the list's sort key. */
  @Prop({ type: Number, required: true })
  last_us!: number;

  /** The categories of its stored events, each once, in no particular order. */
  @Prop({ type: [String], required: true })
  categories!: string[];
}

export const SessionSummarySchema = SchemaFactory.createForClass(SessionSummary);

// The list in `recent` order: every app's sessions (query:all), or one app's; keyset on (last_us, _id).
SessionSummarySchema.index({ last_us: -1, _id: -1 }, { name: 'recent' });
SessionSummarySchema.index({ application: 1, last_us: -1, _id: -1 }, { name: 'app_recent' });
