/**
 * The `Nats-Msg-Id` of a message on `events.<category>`: its `Eventline-Signature`, the HMAC of
 * the body with the publisher's secret. A retried message (the same bytes from the same
 * publisher) carries the same id, so the stream drops the copy. Nobody without the secret can
 * produce the id of a message before that message is published, so an unsigned or forged message
 * cannot reserve it and make the stream swallow the real one (an event id, or any id computed
 * from the body alone, could be reserved that way).
 */
export function messageIdFor(signature: string): string {
  return signature;
}
