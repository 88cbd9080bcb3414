import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'libs/client/dist/**', 'coverage/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // process.env is read by each app's validated config class only (docs/contributing.md, rule 3).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'read config classes instead' },
      ],
    },
  },
  {
    // The bench is plain Node ESM run as is (no build step), so it declares Node's globals itself.
    files: ['bench/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'fetch', 'performance', 'AbortSignal', 'URL', 'Buffer', 'setTimeout'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
  },
  {
    // The HTTP client runs in browsers and edge runtimes: nothing Node-only outside its NATS entry.
    files: ['libs/client/src/**/*.ts'],
    ignores: ['libs/client/src/nats/**', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '@nats-io/*'],
              message: 'browser-safe code only (Node-only code goes in src/nats)',
            },
          ],
          paths: [
            {
              name: '@eventline/contracts',
              allowTypeImports: true,
              message: 'import values from their own file: the index pulls in class-validator',
            },
          ],
        },
      ],
    },
  },
  {
    // Entry points hand process.env to loadConfig; nothing else reads it.
    files: [
      'libs/config/src/load-config.ts',
      'apps/*/src/main.ts',
      'apps/*/src/*.main.ts',
      'test/**/*.ts',
      'bench/**',
      'scripts/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
