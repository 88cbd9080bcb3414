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
      done(null, parseSecureJson(text));
    } catch (error) {
      done(
        new DomainError(ErrorCode.InvalidBody, `body is not valid JSON: ${where(error, text)}`),
        undefined,
      );
    }
  });
}

const SECURE_JSON_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const;
// The only form a `__proto__` or `constructor` key can take in a text without `\u` escapes.
const LITERAL_SUSPECT_KEY = /"(?:__proto__|constructor)"/;

/**
 * `secureJson.parse(text, exactNumbersReviver(text), SECURE_JSON_OPTIONS)`, with the same result
 * or error for every text, faster for most. secure-json-parse runs `JSON.parse`, then two regexes
 * over the whole text for a `"__proto__"` / `"constructor"` key spelt with or without `\u`
 * escapes, and returns the parse untouched when neither matches: ~70 µs of a 30 KB body here,
 * ~5% of a 100-event request (docs/benchmarks.md, "Fourth round"). A text without a BOM and
 * without any `\u` (a search V8 does at memory speed) can spell such a key only literally, which
 * one regex rules out in a quarter of the time; every other text goes through the library.
 */
export function parseSecureJson(text: string): unknown {
  const reviver = exactNumbersReviver(text);
  if (text.charCodeAt(0) !== 0xfeff && !text.includes('\\u') && !LITERAL_SUSPECT_KEY.test(text)) {
    return JSON.parse(text, reviver);
  }
  return secureJson.parse(text, reviver, SECURE_JSON_OPTIONS);
}

function where(error: unknown, body: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 gives "at position N (line L column C)" for most errors, but not at the end of the input.
  return /end of JSON input/.test(message) ? `${message} (at position ${body.length})` : message;
}
