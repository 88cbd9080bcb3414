import { ValidateBy, ValidateIf } from 'class-validator';
import type { ConfigClass } from './health-listener.config.js';

/** The shortest secret a publisher may have: an HMAC key guessable by brute force is no key. */
const MIN_PUBLISHER_SECRET_LENGTH = 16;

/**
 * Adds `PUBLISHER_SECRETS`, the trusted NATS publishers (docs/architecture.md, "The message
 * contract"), declared once: the ingestor must have it (it stores only what they signed); the
 * gateway may have it, to show their events on the live route as well as its own.
 */
export function withPublisherSecrets<TBase extends ConfigClass>(
  Base: TBase,
  { required }: { required: boolean },
) {
  class PublisherSecretsConfig extends Base {
    /** JSON object `{ "<publisher id>": "<secret>" }`, the gateway's (`eventline-gateway`) included. */
    @ValidateIf(
      (config: { PUBLISHER_SECRETS?: unknown }) => required || config.PUBLISHER_SECRETS !== undefined,
    )
    @ValidateBy({
      name: 'isPublisherSecrets',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parsePublisherSecrets(value) !== undefined,
        defaultMessage: () =>
          `PUBLISHER_SECRETS must be a JSON object of publisher id to secret (each at least ${MIN_PUBLISHER_SECRET_LENGTH} characters)`,
      },
    })
    PUBLISHER_SECRETS?: string;

    /** Publisher id → secret; empty when the variable is not set. */
    publisherSecrets(): ReadonlyMap<string, string> {
      return (this.PUBLISHER_SECRETS && parsePublisherSecrets(this.PUBLISHER_SECRETS)) || new Map();
    }
  }
  return PublisherSecretsConfig;
}

/** The publishers of a `PUBLISHER_SECRETS` value, or undefined when it is not a valid one. */
function parsePublisherSecrets(value: string): Map<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  if (entries.length === 0) return undefined;
  if (
    !entries.every(([, secret]) => typeof secret === 'string' && secret.length >= MIN_PUBLISHER_SECRET_LENGTH)
  )
    return undefined;
  return new Map(entries as [string, string][]);
}
