/**
 * What a namespace may be: empty (production), or a lower-case slug of at most 48 characters,
 * which stays a valid stream-name and subject token once prefixed. Config validates
 * `EVENTLINE_NAMESPACE` against it.
 */
export const NAMESPACE_PATTERN = /^([a-z0-9][a-z0-9_-]{0,47})?$/;

/**
 * Every stream, subject and consumer name the parts share. A namespace (a slug) prefixes them all
 * so that test runs, or several deployments on one NATS account, never see each other's messages;
 * production uses none, giving exactly the names in docs/architecture.md (`EVENTS`,
 * `events.party`, …).
 */
export class EventTopology {
  readonly eventsStream: string;
  readonly dlqStream: string;
  readonly eventsWildcard: string;
  readonly dlqWildcard: string;
  private readonly subjectPrefix: string;

  constructor(readonly namespace = '') {
    if (!NAMESPACE_PATTERN.test(namespace)) {
      throw new Error(`namespace "${namespace}" must be a lower-case slug`);
    }
    const streamPrefix = namespace ? `${namespace.toUpperCase().replace(/-/g, '_')}_` : '';
    this.subjectPrefix = namespace ? `${namespace}.` : '';
    this.eventsStream = `${streamPrefix}EVENTS`;
    this.dlqStream = `${streamPrefix}EVENTS_DLQ`;
    this.eventsWildcard = `${this.subjectPrefix}events.>`;
    this.dlqWildcard = `${this.subjectPrefix}dlq.events.>`;
  }

  /** `events.<category>`: where events of a category are published. */
  eventsSubject(category: string): string {
    return `${this.subjectPrefix}events.${category}`;
  }

  /** `dlq.events.<category>`: where events that can never be stored are parked with the reason. */
  dlqSubject(category: string): string {
    return `${this.subjectPrefix}dlq.events.${category}`;
  }

  /** The category a subject of either stream carries (its last token). */
  categoryOf(subject: string): string {
    return subject.slice(subject.lastIndexOf('.') + 1);
  }

  /** A query subject (`query.events.list`, …; see `QuerySubject`) in this namespace. */
  querySubject(subject: string): string {
    return `${this.subjectPrefix}${subject}`;
  }

  /** `ingest-<category>`: the durable pull consumer every ingestor replica of a category shares. */
  consumerName(category: string): string {
    return `ingest-${category}`;
  }
}
