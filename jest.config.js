// Jest runs in its native ESM mode (`--experimental-vm-modules`, see package.json) because
// NestJS 12 is published as ES modules only.
const aliases = {
  '^@eventline/(contracts|messaging|storage|config|observability)$': '<rootDir>/libs/$1/src/index.ts',
  '^@eventline/(contracts|messaging|storage|config|observability)/(.*)\\.js$': '<rootDir>/libs/$1/src/$2',
  '^@eventline/client$': '<rootDir>/libs/client/src/index.ts',
  '^@eventline/client/nats$': '<rootDir>/libs/client/src/nats/index.ts',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};
const tsJest = ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: aliases,
  transform: { '^.+\\.ts$': tsJest },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  projects: [
    // Pure logic with fakes: no build, no NATS, no database (`npm run test:unit`).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      // Finds or starts NATS and the database server; Jest runs a project's global setup only when
      // one of its tests is selected, so the unit project never needs them.
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
  // Integration files share one NATS server and one database server, each file in its own
  // namespace (query subjects included) and database; one file at a time spares the small CI machines.
  maxWorkers: 1,
  testTimeout: 60_000,
};
