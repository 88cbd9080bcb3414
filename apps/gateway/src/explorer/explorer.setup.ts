import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the session explorer is served (docs/explorer.md). */
export const EXPLORER_PREFIX = '/explorer/';

/**
 * The page may load only its own files and talk only to this gateway: no inline script or style,
 * no other origin (so no CDN), not framed by anyone.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// `npm run build` puts the page in dist/explorer, beside dist/apps (this file: dist/apps/gateway/src/explorer).
const BUILT_PAGE = fileURLToPath(new URL('../../../../explorer/', import.meta.url));

/** Serves the built page at /explorer/ with {@link EXPLORER_CSP}; warns and skips it when not built. */
export async function serveExplorer(app: NestFastifyApplication, root = BUILT_PAGE): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    new Logger('Explorer').warn(
      `${root} holds no built page (npm run build); ${EXPLORER_PREFIX} is not served`,
    );
    return;
  }
  // Imported only here: Jest's module loader cannot load @fastify/static (see GatewayConfig.DOCS_UI).
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root,
    // Without its slash, so that the plugin also answers `/explorer` with a redirect to `/explorer/`.
    prefix: EXPLORER_PREFIX.slice(0, -1),
    // Swagger UI registers the plugin too and decorates the reply already.
    decorateReply: false,
    redirect: true,
    setHeaders: (reply) => {
      void reply.header('content-security-policy', EXPLORER_CSP);
      void reply.header('x-content-type-options', 'nosniff');
      void reply.header('referrer-policy', 'no-referrer');
    },
  });
}
