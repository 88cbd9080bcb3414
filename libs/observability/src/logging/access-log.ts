import { PinoLogger } from 'nestjs-pino';

/** The level of a request's access-log line, or `silent` for none. */
export type AccessLogLevel = 'info' | 'warn' | 'error' | 'silent';

/** Decides a request's access-log line from its status. */
export type AccessLogPolicy = (statusCode: number) => AccessLogLevel;

/**
 * The one access-log rule ({@link accessLogHook}): 503 and 504 say a dependency (NATS, a service
 * answering over it) is away — the client retries, readiness reports it — so they are warnings;
 * other 5xx are our faults; 4xx are logged at info; a successful request only when sampled
 * (`sampleRate`, 0 to 1): its line (redaction, serialisation, a stdout write) was the largest
 * single cost of the ingest hot path (docs/benchmarks.md), while the metrics count every request.
 */
export function accessLogPolicy(sampleRate: number, random: () => number = Math.random): AccessLogPolicy {
  return (statusCode) => {
    if (statusCode === 503 || statusCode === 504) return 'warn';
    if (statusCode >= 500) return 'error';
    if (statusCode >= 400 || sampleRate >= 1) return 'info';
    return sampleRate > 0 && random() < sampleRate ? 'info' : 'silent';
  };
}

// Probes and scrapes every few seconds would drown the request log.
const QUIET_PATHS = /^\/(health\/|metrics(\?|$))/;

interface LoggedRequest {
  id: string;
  /** The whole URL, query included. */
  url: string;
  /** Node's request, which the logger's `req` serializer reads. */
  raw: object;
}
interface LoggedReply {
  statusCode: number;
  elapsedTime: number;
  /** Node's response, for the `res` serializer. */
  raw: object;
}

/**
 * A Fastify `onResponse` hook writing each request's `request completed` line (`reqId`, `req`,
 * `res`, `responseTime`: pino-http's fields, through its serializers and the logger's redaction)
 * at the level `policy` gives, except for probes and scrapes (`/health/*`, `/metrics`). It does
 * nothing more for a request it does not log: no child logger, no serialised headers.
 */
export function accessLogHook(policy: AccessLogPolicy) {
  return (request: LoggedRequest, reply: LoggedReply, done: () => void): void => {
    const level = policy(reply.statusCode);
    if (level !== 'silent' && !QUIET_PATHS.test(request.url)) {
      PinoLogger.root[level](
        {
          reqId: request.id,
          req: request.raw,
          res: reply.raw,
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  };
}

/** Writes the app's access log under ACCESS_LOG_SAMPLE_RATE ({@link accessLogPolicy}), every route. */
export function addAccessLog(
  fastify: { addHook(name: 'onResponse', hook: ReturnType<typeof accessLogHook>): unknown },
  sampleRate: number,
): void {
  fastify.addHook('onResponse', accessLogHook(accessLogPolicy(sampleRate)));
}
