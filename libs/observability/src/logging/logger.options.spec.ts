import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loggerOptions } from './logger.options.js';

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
  } = loggerOptions({ level, service: 'example-app' });
  return { logger: pino({ level: lvl, base, timestamp, formatters, redact }, stream), lines };
}

describe('loggerOptions', () => {
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
});
