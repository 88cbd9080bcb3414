import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * Serves the OpenAPI document at `/docs` (UI) and `/docs-json`, generated from the controllers
 * and the same DTO classes the requests are validated with (libs/contracts).
 */
export function setupOpenApi(app: NestFastifyApplication, options: { ui: boolean }): void {
  const config = new DocumentBuilder()
    .setTitle('eventline')
    .setDescription('Collects interaction events and answers session, category and time-range queries.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled: options.ui,
  });
}
