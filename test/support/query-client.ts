import { firstValueFrom } from 'rxjs';
import { EventTopology, QueryRequest, QuerySubject } from '@eventline/contracts';
import { NamespacedNatsClient, natsConnectionOptions } from '@eventline/messaging';

/** A Nest NATS client for a test's namespace, as the gateway uses one; `close()` when done. */
export function queryClient(natsUrl: string, namespace: string) {
  const topology = new EventTopology(namespace);
  const client = new NamespacedNatsClient(natsConnectionOptions({ url: natsUrl, name: 'query-test' }), (p) =>
    topology.querySubject(p),
  );
  return {
    /** The reply, or rejects with the error reply. */
    request<T>(subject: QuerySubject, request: QueryRequest): Promise<T> {
      return firstValueFrom(client.send<T, QueryRequest>(subject, request));
    },
    /** The error reply a request fails with (fails the test when it succeeds). */
    async failure(subject: QuerySubject, request: QueryRequest): Promise<unknown> {
      try {
        await firstValueFrom(client.send(subject, request));
      } catch (error) {
        return error;
      }
      throw new Error(`expected ${subject} to fail`);
    },
    close: () => client.close(),
  };
}
