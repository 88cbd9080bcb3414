import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { pino, stdSerializers } from 'pino';
import { accessLogHook, accessLogPolicy } from './access-log.js';
import { pinoHttpOptions } from './pino-http.options.js';

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
    const { level, redact } = pinoHttpOptions({ level: 'info', service: 's', accessLog: accessLogPolicy(1) });
    Object.assign(PinoLogger, { root: pino({ level, redact, serializers: stdSerializers }, stream) });
    return lines;
  }

  const request = (route: string) => ({
    id: 'req-1',
    routeOptions: { url: route },
    raw: { method: 'POST', url: `${route}?x=1`, headers: { authorization: 'Bearer secret-key' } },
  });
  const reply = (statusCode: number, elapsedTime = 2.6) => ({
    statusCode,
    elapsedTime,
    raw: { statusCode, headersSent: true, getHeaders: () => ({}) },
  });

  it("writes pino-http's line for its routes, under the access-log rule, and nothing for others", () => {
    const lines = capture();
    const hook = accessLogHook(
      new Set(['/v1/events']),
      accessLogPolicy(0, () => 0),
    );
    const done = jest.fn();
    hook(request('/v1/events'), reply(202), done);
    hook(request('/v1/events'), reply(400), done);
    hook(request('/v1/events'), reply(503), done);
    hook(request('/v1/other'), reply(500), done);
    expect(done).toHaveBeenCalledTimes(4);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        reqId: 'req-1',
        req: expect.objectContaining({ method: 'POST', url: '/v1/events?x=1' }),
        res: expect.objectContaining({ statusCode: 400 }),
        responseTime: 3,
      }),
      expect.objectContaining({ level: 40, res: expect.objectContaining({ statusCode: 503 }) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-key');
  });
});
