// ESLint flat config: eslint:recommended + typescript-eslint's type-checked rules; formatting is Prettier's job.
// Type information: each .ts file's nearest tsconfig (tsconfig.json, test-browser/tsconfig.json), via the project service.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['public/', '.build/', 'data/', 'data.lock/', 'backups/', 'tmp/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits; t.test() and others stay checked.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      '@typescript-eslint/no-misused-spread': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Off: async without await is how this code meets Promise-returning contracts (Fastify hooks, Kysely dialect,
      // test hooks); a forgotten await is caught by no-floating-promises instead.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JavaScript (config files, the browser script) is outside every tsconfig: lint it without type information.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: ['src/web/assets/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    // Migrations, the backup format and the dialect work on any schema, as Kysely's own code does: Kysely<any>.
    files: ['src/db/**/*.ts', 'test/db/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read parsed JSON and page data as they come, and narrow after an assertion that TypeScript cannot see.
    files: ['test/**/*.ts', 'test-browser/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  prettier,
);
