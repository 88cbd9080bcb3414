import { PinoLogger } from 'nestjs-pino';

/** The level of a request's access-log line, or `silent` for none. */
export type AccessLogLevel = 'info' | 'warn' | 'error' | 'silent';

/** Decides a request's access-log line from its status (and the error it failed with, if any). */
export type AccessLogPolicy = (statusCode: number, error?: unknown) => AccessLogLevel;

/**
 * The one access-log rule, for pino-http and for the routes an app logs itself
 * ({@link accessLogHook}): 503 and 504 say a dependency (NATS, a service answering over it) is
 * away — the client retries, readiness reports it — so they are warnings; other 5xx are our faults;
 * 4xx are logged at info; a successful request only when sampled (`sampleRate`, 0 to 1): its line
 * (redaction, serialisation, a stdout write) was the largest single cost of the ingest hot path
 * (docs/benchmarks.md), while the metrics count every request.
 */
export function accessLogPolicy(sampleRate: number, random: () => number = Math.random): AccessLogPolicy {
  return (statusCode, error) => {
    if (statusCode === 503 || statusCode === 504) return 'warn';
    if (error || statusCode >= 500) return 'error';
    if (statusCode >= 400 || sampleRate >= 1) return 'info';
    return sampleRate > 0 && random() < sampleRate ? 'info' : 'silent';
  };
}

interface LoggedRequest {
  id: string;
  /** Node's request, which the logger's `req` serializer reads (as pino-http's line does). */
  raw: object;
  routeOptions: { url?: string };
}
interface LoggedReply {
  statusCode: number;
  elapsedTime: number;
  /** Node's response, for the `res` serializer. */
  raw: object;
}

/**
 * A Fastify `onResponse` hook writing pino-http's `request completed` line (the same fields,
 * through the same serializers and redaction) for the routes in `routes`, which the app keeps
 * out of pino-http's per-request middleware (LoggingModule's `unloggedRoutes`): that middleware
 * builds two child loggers per request, one of them serialising and redacting the request's
 * headers, whether or not a line is written — measurable on the ingest hot path.
 */
export function accessLogHook(routes: ReadonlySet<string>, policy: AccessLogPolicy) {
  return (request: LoggedRequest, reply: LoggedReply, done: () => void): void => {
    const route = request.routeOptions.url;
    if (route !== undefined && routes.has(route)) {
      const level = policy(reply.statusCode);
      if (level !== 'silent') {
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
    }
    done();
  };
}
