import { Transform } from 'class-transformer';
import { IsIn, Matches } from 'class-validator';
import type { ConfigClass } from './health-listener.config.js';

/** Adds `MONGO_URL`: the MongoDB every process that reads or writes events connects to. */
export function withMongoUrl<TBase extends ConfigClass>(Base: TBase) {
  class MongoUrlConfig extends Base {
    /** `mongodb://host:port/<database>`; database `eventline` when the path is empty. */
    @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGO_URL must be a mongodb:// URL' })
    MONGO_URL: string = 'mongodb://127.0.0.1:27017/eventline';
  }
  return MongoUrlConfig;
}

/**
 * Adds how durable a write must be before MongoDB confirms it, declared once for the ingestor and
 * the sessions backfill (`npm run sessions:backfill`), which write with the same write concern.
 */
export function withMongoWriteConcern<TBase extends ConfigClass>(Base: TBase) {
  class MongoWriteConcernConfig extends Base {
    /** `majority` or a number of members. */
    @Matches(/^(majority|\d+)$/, { message: 'MONGO_WRITE_CONCERN must be "majority" or a number' })
    MONGO_WRITE_CONCERN: string = 'majority';

    /** Whether MongoDB confirms writes only once journaled. */
    // From the raw variable: implicit conversion would already have made "false" true.
    @Transform(({ obj }: { obj: Record<string, unknown> }) =>
      obj.MONGO_JOURNAL === undefined
        ? true
        : ({ true: true, false: false } as Record<string, boolean>)[String(obj.MONGO_JOURNAL)],
    )
    @IsIn([true, false], { message: 'MONGO_JOURNAL must be true or false' })
    MONGO_JOURNAL: boolean = true;

    /** The write concern, in the shape libs/storage's `StorageWriteConcern` takes. */
    writeConcern(): { w: 'majority' | number; j: boolean } {
      const w = this.MONGO_WRITE_CONCERN === 'majority' ? 'majority' : Number(this.MONGO_WRITE_CONCERN);
      return { w, j: this.MONGO_JOURNAL };
    }
  }
  return MongoWriteConcernConfig;
}
