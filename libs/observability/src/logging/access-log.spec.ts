import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { pino, stdSerializers } from 'pino';
import { accessLogHook, accessLogPolicy } from './access-log.js';
import { loggerOptions } from './logger.options.js';

describe('accessLogHook', () => {
  const root = PinoLogger.root;
  afterEach(() => Object.assign(PinoLogger, { root }));

  function capture(): Record<string, unknown>[] {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const { level, redact } = loggerOptions({ level: 'info', service: 's' });
    Object.assign(PinoLogger, { root: pino({ level, redact, serializers: stdSerializers }, stream) });
    return lines;
  }

  const request = (path: string) => ({
    id: 'req-1',
    url: `${path}?x=1`,
    raw: { method: 'POST', url: `${path}?x=1`, headers: { authorization: 'Bearer secret-key' } },
  });
  const reply = (statusCode: number, elapsedTime = 2.6) => ({
    statusCode,
    elapsedTime,
    raw: { statusCode, headersSent: true, getHeaders: () => ({}) },
  });

  it("writes pino-http's line under the access-log rule, and none for probes and scrapes", () => {
    const lines = capture();
    const hook = accessLogHook(accessLogPolicy(0, () => 0));
    const done = jest.fn();
    hook(request('/v1/events'), reply(202), done);
    hook(request('/v1/events'), reply(400), done);
    hook(request('/v1/sessions'), reply(503), done);
    hook(request('/health/ready'), reply(503), done);
    hook(request('/metrics'), reply(500), done);
    expect(done).toHaveBeenCalledTimes(5);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        reqId: 'req-1',
        req: expect.objectContaining({ method: 'POST', url: '/v1/events?x=1' }),
        res: expect.objectContaining({ statusCode: 400 }),
        responseTime: 3,
      }),
      expect.objectContaining({
        level: 40,
        req: expect.objectContaining({ url: '/v1/sessions?x=1' }),
        res: expect.objectContaining({ statusCode: 503 }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-key');
  });
});

describe('accessLogPolicy', () => {
  it('logs server faults at error level, an unavailable dependency as a warning, the rest at info', () => {
    const level = accessLogPolicy(1);
    expect([200, 429, 500, 503, 504].map(level)).toEqual(['info', 'info', 'error', 'warn', 'warn']);
  });

  it('logs a sampled share of successful requests, and every failed one', () => {
    const draws = [0.5, 0.009, 0.2];
    const level = accessLogPolicy(0.01, () => draws.shift()!);
    // Successful: only the draw below the rate is logged; failures never consult the sample.
    expect([202, 207, 200].map(level)).toEqual(['silent', 'info', 'silent']);
    expect([400, 401, 429, 500, 503].map(level)).toEqual(['info', 'info', 'info', 'error', 'warn']);
    expect(draws).toEqual([]);
  });

  it('logs nothing successful at rate 0 and everything at rate 1', () => {
    const at = (rate: number) => accessLogPolicy(rate, () => 0)(202);
    expect([at(0), at(1)]).toEqual(['silent', 'info']);
  });
});
