import { withMongoUrl, withMongoWriteConcern } from '@eventline/config';

class NoOtherSettings {}

/**
 * What `npm run sessions:backfill` needs: only MongoDB, written with the ingestor's write concern
 * (see docs/configuration.md).
 */
export class SessionsBackfillConfig extends withMongoWriteConcern(withMongoUrl(NoOtherSettings)) {}
