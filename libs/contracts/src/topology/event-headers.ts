/** NATS headers carried by messages on `events.*` and `dlq.events.*`. */
export const EventHeader = {
  /** JetStream's de-duplication key: on `events.*`, derived from the signature (`messageIdFor`). */
  MsgId: 'Nats-Msg-Id',
  /** The publisher: an application name, or the gateway's publisher id. */
  App: 'Eventline-App',
  /** Hex HMAC-SHA256 of the message body with the publisher's secret. */
  Signature: 'Eventline-Signature',
  /** Carried from the HTTP request through NATS so one request's logs can be found everywhere. */
  CorrelationId: 'Eventline-Correlation-Id',
  /** On DLQ messages: the error code that sent it there. */
  DlqReason: 'Eventline-Dlq-Reason',
  /** On DLQ messages: human-readable detail (field errors as JSON). */
  DlqDetail: 'Eventline-Dlq-Detail',
  /** On DLQ messages: the subject and stream sequence the message first had. */
  DlqOriginalSubject: 'Eventline-Dlq-Original-Subject',
  DlqOriginalSeq: 'Eventline-Dlq-Original-Seq',
} as const;

/**
 * The `Eventline-App` of messages the gateway publishes. The gateway authenticated each event's
 * application by its API key, so the ingestor trusts it for any `name`; every other publisher may
 * only publish events whose `name` is its own.
 */
export const GATEWAY_PUBLISHER_ID = 'eventline-gateway';
