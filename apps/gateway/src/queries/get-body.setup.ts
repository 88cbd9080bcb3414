import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Lets `GET /v1/events` read a JSON body, as the seed's clients send their filters. Fastify 5
 * treats GET as bodyless and never parses one; declaring GET as a method with a body makes its
 * content-type parsers run (JSON only here; a GET without a body is unaffected).
 */
export function acceptGetBodies(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().addHttpMethod('GET', { hasBody: true, overrideExisting: true });
}
