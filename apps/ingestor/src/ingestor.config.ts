import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import {
  IngestPathConfig,
  withHealthListener,
  withMongoWriteConcern,
  withPublisherSecrets,
} from '@eventline/config';
import { CATEGORY_NAMES, findCategory } from '@eventline/contracts';

/** The ingestor's configuration: one environment variable per property (see docs/configuration.md). */
export class IngestorConfig extends withPublisherSecrets(
  withMongoWriteConcern(withHealthListener(IngestPathConfig, 3001)),
  { required: true },
) {
  /** `party,click` or `*` for every registered category. */
  @ValidateBy({
    name: 'isCategoryList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseCategories(value) !== undefined,
      defaultMessage: () =>
        `INGEST_CATEGORIES must be "*" or a comma-separated list of: ${CATEGORY_NAMES.join(', ')}`,
    },
  })
  INGEST_CATEGORIES: string = '*';

  /** Messages per pull and per `insertMany`. */
  @IsInt()
  @Min(1)
  @Max(5_000)
  INGEST_BATCH_SIZE: number = 500;

  /** How long an idle pull request waits for messages (nats.js minimum 1 s). */
  @IsInt()
  @Min(1_000)
  FETCH_EXPIRES_MS: number = 5_000;

  /** First redelivery delay after a database failure; doubles per delivery up to the maximum. */
  @IsInt()
  @Min(0)
  NAK_BASE_DELAY_MS: number = 1_000;

  @IsInt()
  @Min(0)
  NAK_MAX_DELAY_MS: number = 60_000;

  /** How long a write waits for a reachable MongoDB before it fails (and the batch is naked). */
  @IsInt()
  @Min(100)
  MONGO_SERVER_SELECTION_TIMEOUT_MS: number = 5_000;

  categories(): string[] {
    return parseCategories(this.INGEST_CATEGORIES) ?? [];
  }
}

function parseCategories(value: string): string[] | undefined {
  if (value.trim() === '*') return [...CATEGORY_NAMES];
  const names = value.split(',').map((name) => name.trim());
  return names.length > 0 && names.every((name) => findCategory(name)) ? [...new Set(names)] : undefined;
}
