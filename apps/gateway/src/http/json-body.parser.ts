import type { FastifyInstance } from 'fastify';
import { decodeUtf8, DomainError, ErrorCode, exactNumbersReviver } from '@eventline/contracts';

/**
 * Fastify's JSON parser (same proto-poisoning refusal, same errors), with the rules that keep a
 * body from being altered before anyone can judge it (docs/api.md, "Nothing altered"): invalid
 * UTF-8 is refused rather than decoded into U+FFFD, and a number JavaScript cannot hold exactly is
 * kept for validation to refuse rather than rounded (a second parse, only for a body that has such
 * a number literal at all).
 */
export function parseJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === undefined) {
      done(new DomainError(ErrorCode.InvalidEncoding, 'the body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const reviver = exactNumbersReviver(text);
      done(null, reviver ? JSON.parse(text, reviver) : value);
    });
  });
}
