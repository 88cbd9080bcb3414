import autocannon from 'autocannon';

/**
 * One autocannon run on loopback. Returns only what the table needs: successful (2xx) requests per
 * second, latency percentiles in ms, and the failures, which make a figure suspect if non-zero.
 */
export async function runLoad({
  url,
  method = 'POST',
  body,
  headers = {},
  connections,
  seconds,
  amount,
  overallRate,
}) {
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method,
        body,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        connections,
        ...(amount === undefined ? { duration: seconds } : { amount }),
        pipelining: 1,
        overallRate,
        timeout: 10,
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    // autocannon prints a progress bar only when tracked; keep the bench's own output clean.
    instance.on('error', reject);
  });
  const ok = result['2xx'];
  return {
    okPerSecond: ok / result.duration,
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}
