import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { NAMESPACE_PATTERN } from '@eventline/contracts';

// Subject tokens joined by dots; no whitespace and no wildcard (`*`, `>`).
const INBOX_PREFIX = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

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

  /**
   * Prefix of the connection's reply subjects (inboxes). The NATS users of deploy/nats/nats.conf
   * may read only their own, `_INBOX_<user>.>`: so the default is `_INBOX_<NATS_USER>`, or NATS's
   * own `_INBOX` without a user.
   */
  @ValidateBy({
    name: 'isInboxPrefix',
    validator: {
      validate: (_value: unknown, args) => {
        const prefix = natsInboxPrefix(args?.object as NatsConnectionConfig);
        return prefix === undefined || INBOX_PREFIX.test(prefix);
      },
      defaultMessage: () =>
        'NATS_INBOX_PREFIX must be a subject without spaces or wildcards (set it when NATS_USER has any, or dots)',
    },
  })
  NATS_INBOX_PREFIX?: string;

  /** Prefix of every stream and subject; '' in production (the names in docs/architecture.md). */
  @Matches(NAMESPACE_PATTERN, {
    message: 'EVENTLINE_NAMESPACE must be empty or a lower-case slug',
  })
  EVENTLINE_NAMESPACE: string = '';
}

/** The inbox prefix a process connects with (see `NATS_INBOX_PREFIX`); undefined: NATS's default. */
export function natsInboxPrefix(config: NatsConnectionConfig): string | undefined {
  return config.NATS_INBOX_PREFIX ?? (config.NATS_USER ? `_INBOX_${config.NATS_USER}` : undefined);
}
