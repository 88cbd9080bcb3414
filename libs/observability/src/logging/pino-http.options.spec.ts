import { Writable } from 'node:stream';
import { pino } from 'pino';
import { accessLogPolicy } from './access-log.js';
import { pinoHttpOptions } from './pino-http.options.js';

function capture(level: 'info' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const {
    level: lvl,
    base,
    timestamp,
    formatters,
    redact,
  } = pinoHttpOptions({ level, service: 'example-app', accessLog: accessLogPolicy(1) });
  return { logger: pino({ level: lvl, base, timestamp, formatters, redact }, stream), lines };
}

describe('pinoHttpOptions', () => {
  it('writes JSON lines with the level name and the service', () => {
    const { logger, lines } = capture('info');
    logger.info('hello');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'example-app', msg: 'hello' });
    expect(typeof lines[0].time).toBe('string');
  });

  it('redacts the Authorization header and event data', () => {
    const { logger, lines } = capture('debug');
    logger.info({ req: { headers: { authorization: 'Bearer secret-key', host: 'h' } } }, 'request');
    logger.debug({ event: { event_id: 'e1', data: { email: 'a@b.c' } } }, 'event');
    logger.debug({ events: [{ data: { email: 'a@b.c' } }] }, 'events');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('secret-key');
    expect(text).not.toContain('a@b.c');
    expect(lines[0]).toMatchObject({ req: { headers: { authorization: '[Redacted]', host: 'h' } } });
    expect(lines[1]).toMatchObject({ event: { event_id: 'e1', data: '[Redacted]' } });
  });

  it('logs server faults at error level, an unavailable dependency as a warning, the rest at info', () => {
    const { customLogLevel } = pinoHttpOptions({
      level: 'info',
      service: 's',
      accessLog: accessLogPolicy(1),
    });
    const level = (status: number) =>
      customLogLevel!({} as never, { statusCode: status } as never, undefined);
    expect([level(200), level(429), level(500), level(503), level(504)]).toEqual([
      'info',
      'info',
      'error',
      'warn',
      'warn',
    ]);
  });

  it('logs a sampled share of successful requests, and every failed one', () => {
    const draws = [0.5, 0.009, 0.2];
    const { customLogLevel } = pinoHttpOptions({
      level: 'info',
      service: 's',
      accessLog: accessLogPolicy(0.01, () => draws.shift()!),
    });
    const level = (status: number, error?: Error) =>
      customLogLevel!({} as never, { statusCode: status } as never, error);
    // Successful: only the draw below the rate is logged; failures never consult the sample.
    expect([level(202), level(207), level(200)]).toEqual(['silent', 'info', 'silent']);
    expect([level(400), level(401), level(429), level(500), level(503)]).toEqual([
      'info',
      'info',
      'info',
      'error',
      'warn',
    ]);
    expect(level(200, new Error('thrown after the reply'))).toBe('error');
    expect(draws).toEqual([]);
  });

  it('logs nothing successful at rate 0 and everything at rate 1', () => {
    const at = (rate: number) => accessLogPolicy(rate, () => 0)(202);
    expect([at(0), at(1)]).toEqual(['silent', 'info']);
  });

  it('does not log probes and scrapes, judged by the whole URL', () => {
    const { autoLogging } = pinoHttpOptions({ level: 'info', service: 's', accessLog: accessLogPolicy(1) });
    const ignore = (autoLogging as { ignore: (req: object) => boolean }).ignore;
    expect(ignore({ originalUrl: '/health/ready', url: '/' })).toBe(true);
    expect(ignore({ url: '/metrics' })).toBe(true);
    expect(ignore({ originalUrl: '/v1/events', url: '/' })).toBe(false);
    expect(ignore({ url: '/metricsfoo' })).toBe(false);
  });
});
