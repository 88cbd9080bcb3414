import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

export const EVENTS_COLLECTION = 'events';

/** How an event reached eventline. */
export type EventSource = 'http' | 'nats';

/** One stored event (collection `events`), as docs/architecture.md "Storage" lays it out. */
@Schema({ collection: EVENTS_COLLECTION, versionKey: false, autoIndex: false, strict: 'throw' })
export class StoredEvent {
  /**
   * The idempotency key: the event's identity (application, event_id) as `eventKey` writes it, so
   * two applications may use one event id and each keeps its event.
   */
  @Prop({ type: String, required: true })
  _id!: string;

  /** The event id as the producer sent it. */
  @Prop({ type: String, required: true })
  event_id!: string;

  @Prop({ type: String, required: true })
  session_id!: string;

  @Prop({ type: String, required: true })
  category!: string;

  /** The application. */
  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: Object, required: true })
  data!: Record<string, unknown>;

  /** The event time as a Date (millisecond precision), for humans and TTL indexes. */
  @Prop({ type: Date, required: true })
  ts!: Date;

  /** The event time in epoch microseconds: the precise value, and the sort key. */
  @Prop({ type: Number, required: true })
  ts_us!: number;

  /** JetStream stream sequence of the message that carried it: the tie-break after ts_us. */
  @Prop({ type: Number, required: true })
  seq!: number;

  /** When the broker stored the message. */
  @Prop({ type: Date, required: true })
  received_at!: Date;

  @Prop({ type: String, required: true, enum: ['http', 'nats'] })
  source!: EventSource;
}

export type StoredEventDocument = HydratedDocument<StoredEvent>;

export const StoredEventSchema = SchemaFactory.createForClass(StoredEvent);

// Every query shape has an index serving its filter and its (ts_us, seq, _id) sort; see docs/queries.md.
StoredEventSchema.index({ session_id: 1, ts_us: 1, seq: 1, _id: 1 }, { name: 'session_timeline' });
StoredEventSchema.index({ category: 1, ts_us: 1, seq: 1, _id: 1 }, { name: 'category_range' });
StoredEventSchema.index({ name: 1, ts_us: 1, seq: 1, _id: 1 }, { name: 'app_range' });
StoredEventSchema.index({ name: 1, category: 1, ts_us: 1, seq: 1, _id: 1 }, { name: 'app_category_range' });
StoredEventSchema.index({ ts_us: 1, seq: 1, _id: 1 }, { name: 'range' });
/** The index of an application's events in session order (the sessions scan, the counts, the backfill). */
export const APP_SESSIONS_INDEX = 'app_sessions';
// category last: the sessions scan reads only these fields, so on MongoDB it is covered by the index.
StoredEventSchema.index({ name: 1, session_id: 1, ts_us: 1, category: 1 }, { name: APP_SESSIONS_INDEX });
