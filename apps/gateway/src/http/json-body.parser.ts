import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { decodeUtf8, DomainError, ErrorCode, exactNumbersReviver } from '@eventline/contracts';

/**
 * Replaces Fastify's JSON parser, whose one message for every syntax error ("Body is not valid
 * JSON") hides where the body broke, with one that keeps JSON.parse's line and column. It parses
 * with the same library and settings (secure-json-parse refusing `__proto__` and
 * `constructor.prototype` keys); the body limit is the server's, applied while the body streams in.
 * It also keeps a body from being altered before anyone can judge it (docs/api.md, "Nothing
 * altered"): invalid UTF-8 is refused rather than decoded into U+FFFD, and a number JavaScript
 * cannot hold exactly is kept for validation to refuse rather than rounded.
 */
export function parseJsonBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decodeUtf8(body as Buffer);
    if (text === undefined) {
      done(new DomainError(ErrorCode.InvalidEncoding, 'the body is not valid UTF-8'), undefined);
      return;
    }
    try {
      done(
        null,
        secureJson.parse(text, exactNumbersReviver(text), {
          protoAction: 'error',
          constructorAction: 'error',
        }),
      );
    } catch (error) {
      done(
        new DomainError(ErrorCode.InvalidBody, `body is not valid JSON: ${where(error, text)}`),
        undefined,
      );
    }
  });
}

function where(error: unknown, body: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 gives "at position N (line L column C)" for most errors, but not at the end of the input.
  return /end of JSON input/.test(message) ? `${message} (at position ${body.length})` : message;
}
