import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_SECURITY, API_KEY_SECURITY_SCHEME } from './auth/api-key.security.js';
import { ErrorResponseBody } from './errors/error-response.body.js';
import { eventRequestSchemas } from './events/event-request.schema.js';
import { IngestResponseSchema } from './events/ingest-response.schema.js';
import { documentBodyLimits } from './http/request-body.limits.js';

/**
 * Serves the OpenAPI document at `/docs` and `/docs/` (UI) and `/docs-json`, generated from the
 * controllers' decorators and the same classes requests are validated with (libs/contracts). It is
 * the HTTP contract: the integration tests validate it against the OpenAPI specification and
 * check real answers against its schemas (docs/api.md, "OpenAPI").
 */
export function setupOpenApi(app: NestFastifyApplication, options: { ui: boolean; maxEvents: number }): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, options.maxEvents), {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled: options.ui,
  });
}

export function buildOpenApiDocument(app: NestFastifyApplication, maxEvents: number): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('eventline')
    .setDescription(
      'Collects interaction events and answers session, category and time-range queries. Every error has one body, `ErrorResponse`; codes are stable strings (docs/api.md). ' +
        'Browse the events, and watch them arrive, in the [session explorer](/explorer/).',
    )
    .setVersion('1')
    .addSecurity(API_KEY_SECURITY, API_KEY_SECURITY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseBody, IngestResponseSchema],
  });
  // The request schemas come from the validation classes, not from decorators (see that file).
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...eventRequestSchemas(maxEvents) },
  };
  documentBodyLimits(document);
  return document;
}
