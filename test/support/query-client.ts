import { firstValueFrom } from 'rxjs';
import {
  EventTopology,
  QUERY_SIGNATURE_HEADER,
  QueryRequest,
  QuerySubject,
  signQueryRequest,
} from '@eventline/contracts';
import { NamespacedNatsClient, natsConnectionOptions, natsRecordWithHeaders } from '@eventline/messaging';
import { TEST_QUERY_SIGNING_SECRET } from './query-signing.js';

/**
 * A Nest NATS client for a test's namespace, signing its requests as the gateway does (with the
 * tests' QUERY_SIGNING_SECRET); `close()` when done.
 */
export function queryClient(natsUrl: string, namespace: string) {
  const topology = new EventTopology(namespace);
  const client = new NamespacedNatsClient(natsConnectionOptions({ url: natsUrl, name: 'query-test' }), (p) =>
    topology.querySubject(p),
  );
  const send = <T>(subject: QuerySubject, request: QueryRequest) =>
    client.send<T>(
      subject,
      natsRecordWithHeaders(request, {
        [QUERY_SIGNATURE_HEADER]: signQueryRequest(
          subject,
          request,
          TEST_QUERY_SIGNING_SECRET,
          Date.now() + 5000,
        ),
      }),
    );
  return {
    /** The reply, or rejects with the error reply. */
    request<T>(subject: QuerySubject, request: QueryRequest): Promise<T> {
      return firstValueFrom(send<T>(subject, request));
    },
    /** The error reply a request fails with (fails the test when it succeeds). */
    async failure(subject: QuerySubject, request: QueryRequest): Promise<unknown> {
      try {
        await firstValueFrom(send(subject, request));
      } catch (error) {
        return error;
      }
      throw new Error(`expected ${subject} to fail`);
    },
    close: () => client.close(),
  };
}
