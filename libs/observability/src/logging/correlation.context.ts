import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/**
 * The correlation id of the work in progress: the HTTP request id in the gateway, the
 * `Eventline-Correlation-Id` header of the message in the ingestor. Publishers put it on NATS
 * messages so one request's logs can be found in every service.
 */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** Runs `fn` with `id` as the current correlation id. */
export function runWithCorrelationId<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}
