/** The QUERY_SIGNING_SECRET of the gateways, query replicas and query clients the tests start. */
export const TEST_QUERY_SIGNING_SECRET = 'integration-test-query-signing-secret';
