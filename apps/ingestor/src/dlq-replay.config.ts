import { IsOptional, IsString, Matches } from 'class-validator';

/** What `npm run dlq:replay` needs: only the broker (see docs/configuration.md). */
export class DlqReplayConfig {
  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASS?: string;

  @Matches(/^([a-z0-9][a-z0-9_-]{0,47})?$/, { message: 'EVENTLINE_NAMESPACE must be a lower-case slug' })
  EVENTLINE_NAMESPACE: string = '';
}
