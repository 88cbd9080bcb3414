import { defineConfig } from 'tsup';

// One build for both entry points. `platform: 'neutral'` makes esbuild pick the browser build of
// bundled packages (uuid's uses `crypto.getRandomValues`, present in browsers, Node ≥ 20 and edge
// runtimes), so the HTTP entry carries no Node-only code. The NATS entry imports `node:crypto`
// through the contracts it bundles; that and the NATS client stay imports (peer dependencies).
export default defineConfig({
  entry: { index: 'src/index.ts', nats: 'src/nats/index.ts' },
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.json',
  dts: { resolve: true },
  // Everything of ours (contracts' types and the few functions used) and uuid goes into the
  // bundle so the published package stands alone.
  noExternal: [/^@eventline\//, 'uuid'],
  external: [/^node:/, /^@nats-io\//],
  // Keep `node:crypto` as written: bundlers then know it is a Node built-in.
  removeNodeProtocol: false,
  splitting: false,
  sourcemap: true,
  clean: true,
  outDir: 'dist',
});
