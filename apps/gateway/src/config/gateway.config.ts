import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import {
  ConfigValidationError,
  IngestPathConfig,
  withPublisherSecrets,
  withQuerySigning,
} from '@eventline/config';
import {
  GATEWAY_PUBLISHER_ID,
  INGEST_LIMITS,
  QUERY_DEFAULT_TIMEOUT_MS,
  QUERY_MAX_TIMEOUT_MS,
} from '@eventline/contracts';
import type { ApiKeyEntry } from '../auth/api-key.entry.js';
import { loadApiKeys } from '../auth/api-keys.loader.js';

const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * The gateway's configuration, one property per environment variable (docs/configuration.md).
 * `PUBLISHER_SECRETS` is optional here: given (the ingestor's value), the live route shows the
 * events of every trusted NATS publisher, not only those the gateway published.
 */
export class GatewayConfig extends withPublisherSecrets(withQuerySigning(IngestPathConfig), {
  required: false,
}) {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  /** Requests per API key per minute (per gateway replica); 0 turns rate limiting off. */
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE: number = 6000;

  /** JSON array of `{ app, key_sha256, scopes }`; or set API_KEYS_FILE. */
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  /** Path to a JSON file holding the same array as API_KEYS. */
  @IsOptional()
  @IsString()
  API_KEYS_FILE?: string;

  // A private field is invisible to loadConfig, which maps enumerable properties to variables.
  #apiKeys?: readonly ApiKeyEntry[];

  /** HMAC secret the gateway signs its messages with; the ingestor's PUBLISHER_SECRETS holds it too. */
  @IsString()
  @MinLength(16)
  GATEWAY_SIGNING_SECRET: string;

  /** Largest request body, checked before parsing and again after gzip is inflated. */
  @IsInt()
  @Min(1 * KIB)
  @Max(16 * MIB)
  BODY_LIMIT_BYTES: number = INGEST_LIMITS.maxBodyBytes;

  /**
   * Bytes of ingest bodies the gateway holds at once (docs/api.md, "Admission"); a request past
   * it waits, then is answered 503 `gateway_busy`. At least BODY_LIMIT_BYTES, so every body fits.
   */
  @IsInt()
  @Max(1024 * MIB)
  @ValidateBy({
    name: 'fitsBodyLimit',
    validator: {
      validate: (value: unknown, args) =>
        typeof value === 'number' && value >= (args?.object as GatewayConfig).BODY_LIMIT_BYTES,
      defaultMessage: () => 'INGEST_BYTES_IN_FLIGHT must be at least BODY_LIMIT_BYTES',
    },
  })
  INGEST_BYTES_IN_FLIGHT: number = 16 * MIB;

  @IsInt()
  @Min(1)
  @Max(10_000)
  MAX_EVENTS_PER_REQUEST: number = INGEST_LIMITS.maxEventsPerRequest;

  /** Largest single event (its JSON); larger ones are rejected on their own. */
  @IsInt()
  @Min(1 * KIB)
  @Max(256 * KIB)
  MAX_EVENT_BYTES: number = INGEST_LIMITS.maxEventBytes;

  /** How long a request waits for JetStream's PubAcks before answering that they are missing. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  PUBLISH_TIMEOUT_MS: number = 3000;

  /**
   * How long a request's headers and body may take to arrive; past it the gateway answers 408
   * `request_timeout` and closes the connection, so slow clients cannot hold connections.
   */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  REQUEST_TIMEOUT_MS: number = 15_000;

  /** How long a query waits for the query service's answer before a 504 `query_timeout`. */
  @IsInt()
  @Min(100)
  @Max(QUERY_MAX_TIMEOUT_MS)
  QUERY_TIMEOUT_MS: number = QUERY_DEFAULT_TIMEOUT_MS;

  /** Live streams (`GET /v1/events/live`) one API key may hold open at once, per gateway replica. */
  @IsInt()
  @Min(1)
  @Max(1000)
  LIVE_STREAMS_PER_KEY: number = 5;

  /** How often an idle live stream sends a comment line, so proxies and clients see it alive. */
  @IsInt()
  @Min(1000)
  @Max(120_000)
  LIVE_HEARTBEAT_MS: number = 15_000;

  /**
   * Whether `/docs` serves the Swagger UI (`on`) besides the document at `/docs-json`. The UI's
   * assets come through @fastify/static, which Jest's module loader cannot import (it requires
   * an ES-module-only glob), so in-process tests turn it off.
   */
  @IsIn(['on', 'off'])
  DOCS_UI: string = 'on';

  /**
   * Whether `/explorer/` serves the session explorer page (docs/explorer.md), through the same
   * @fastify/static as the Swagger UI (so in-process tests turn it off too).
   */
  @IsIn(['on', 'off'])
  EXPLORER_UI: string = 'on';

  /**
   * Origins whose pages may call the API from a browser (CORS): `*` (any; keys travel in the
   * Authorization header, never in cookies, so no credentials mode is needed), a comma-separated
   * list of origins, or `off`.
   */
  @Matches(/^(\*|off|https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*)$/, {
    message: 'CORS_ORIGINS must be *, off, or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS: string = '*';

  /**
   * The entries of API_KEYS or API_KEYS_FILE, read and checked on the first call only (start-up
   * checks them; the app then uses the same entries). Throws `ConfigValidationError`.
   */
  apiKeys(): readonly ApiKeyEntry[] {
    return (this.#apiKeys ??= loadApiKeys(this));
  }

  /**
   * The publishers whose messages the live route shows, by id: its own under
   * `eventline-gateway`, and those of `PUBLISHER_SECRETS` when set. Throws
   * `ConfigValidationError` when `PUBLISHER_SECRETS` names the gateway with another secret than
   * GATEWAY_SIGNING_SECRET: the ingestor, reading the same value, would refuse every message the
   * gateway signs.
   */
  livePublishers(): ReadonlyMap<string, string> {
    const publishers = new Map(this.publisherSecrets());
    const listed = publishers.get(GATEWAY_PUBLISHER_ID);
    if (listed !== undefined && listed !== this.GATEWAY_SIGNING_SECRET) {
      throw new ConfigValidationError([
        `PUBLISHER_SECRETS: its "${GATEWAY_PUBLISHER_ID}" secret differs from GATEWAY_SIGNING_SECRET`,
      ]);
    }
    return publishers.set(GATEWAY_PUBLISHER_ID, this.GATEWAY_SIGNING_SECRET);
  }
}
