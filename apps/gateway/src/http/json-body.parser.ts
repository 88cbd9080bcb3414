import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { DomainError, ErrorCode } from '@eventline/contracts';

/**
 * Replaces Fastify's JSON parser, whose one message for every syntax error ("Body is not valid
 * JSON") hides where the body broke, with one that keeps JSON.parse's line and column. It parses
 * with the same library and settings (secure-json-parse refusing `__proto__` and
 * `constructor.prototype` keys); the body limit is the server's, applied while the body streams in.
 */
export function parseJsonBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, secureJson.parse(body as string, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(
        new DomainError(ErrorCode.InvalidBody, `body is not valid JSON: ${where(error, body as string)}`),
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
