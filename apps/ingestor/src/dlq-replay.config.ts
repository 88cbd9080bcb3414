import { NatsConnectionConfig } from '@eventline/config';

/** What `npm run dlq:replay` needs: only the broker (see docs/configuration.md). */
export class DlqReplayConfig extends NatsConnectionConfig {}
