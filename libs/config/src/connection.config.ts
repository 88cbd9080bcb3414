import { IsOptional, IsString, Matches } from 'class-validator';
import { NAMESPACE_PATTERN } from '@eventline/contracts';

/** The NATS connection and namespace every eventline process configures the same way. */
export class NatsConnectionConfig {
  /** Comma-separated NATS server URLs. */
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, {
    message: 'NATS_URL must be nats:// URLs, comma-separated',
  })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  @IsOptional()
  @IsString()
  NATS_USER?: string;

  @IsOptional()
  @IsString()
  NATS_PASS?: string;

  /** Prefix of every stream and subject; '' in production (the names in docs/architecture.md). */
  @Matches(NAMESPACE_PATTERN, {
    message: 'EVENTLINE_NAMESPACE must be empty or a lower-case slug',
  })
  EVENTLINE_NAMESPACE: string = '';
}
