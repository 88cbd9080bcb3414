import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The session explorer: built into dist/explorer, served by the gateway at /explorer/ under a
// Content-Security-Policy that allows only its own files (no inline script, no CDN).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  build: {
    outDir: fileURLToPath(new URL('../../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    // An inline module-preload helper would be refused by the CSP; the bundle is one entry anyway.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
