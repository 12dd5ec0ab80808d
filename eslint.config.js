// One flat config for the whole monorepo. Named blocks per area; every rule that is switched
// off says why. Warnings fail `npm test` too (--max-warnings 0).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const operator = 'packages/operator/src';
/** Operator components talk through API objects or protocol/, never by importing each other. */
const operatorZones = [
  {
    target: `${operator}/controller`,
    from: [`${operator}/handler`, `${operator}/launcher`, `${operator}/virt-api`],
  },
  {
    target: `${operator}/handler`,
    from: [`${operator}/controller`, `${operator}/launcher`, `${operator}/virt-api`],
  },
  {
    target: `${operator}/launcher`,
    from: [`${operator}/controller`, `${operator}/handler`, `${operator}/virt-api`],
  },
  {
    target: `${operator}/virt-api`,
    from: [`${operator}/controller`, `${operator}/handler`, `${operator}/launcher`],
  },
  {
    target: `${operator}/protocol`,
    from: [
      `${operator}/controller`,
      `${operator}/handler`,
      `${operator}/launcher`,
      `${operator}/virt-api`,
    ],
  },
].map((zone) => ({
  ...zone,
  message: 'operator components must not import each other (see docs/architecture.md)',
}));

export default defineConfig(
  {
    name: 'ignores',
    ignores: [
      '**/node_modules/',
      '.tsbuild/',
      '**/dist/',
      'test-results/',
      'playwright-report/',
      'coverage/',
    ],
  },
  {
    name: 'main',
    files: ['**/*.{ts,tsx,js,mjs}'],
    extends: [
      js.configs.recommended,
      ...tseslint.configs.strictTypeChecked,
      importX.flatConfigs.typescript,
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      // Numbers and booleans in messages are fine; objects are not (they print as [object Object]).
      // client-node's generated model classes are plain data; its own docs pass object literals.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      complexity: ['error', 12],
      'max-depth': ['error', 4],
      'max-params': ['error', 4],
      'max-lines-per-function': ['error', { max: 100, skipBlankLines: true, skipComments: true }],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-relative-packages': 'error',
      'import-x/no-extraneous-dependencies': ['error', { includeTypes: true }],
      'import-x/no-restricted-paths': ['error', { zones: operatorZones }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@podvisor/*/src', '@podvisor/*/src/**'],
              message: "import a package's entry point, not its internals",
            },
          ],
        },
      ],
    },
  },
  {
    name: 'console (browser)',
    files: ['apps/console/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: globals.browser },
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    name: 'tests',
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts'],
    rules: {
      // describe() blocks are long by nature; each test inside is still short.
      'max-lines-per-function': 'off',
    },
  },
  {
    name: 'tools',
    // Tool configs and scripts sit at the root and import the root's dev dependencies.
    files: ['*.config.{ts,js}', 'eslint.config.js', 'scripts/**', 'deploy/**'],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { packageDir: import.meta.dirname }],
    },
  },
  {
    name: 'plain javascript',
    // Types come from JSDoc here, checked by tsc (checkJs); this rule only reads TS syntax.
    files: ['**/*.{js,mjs}'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off' },
  },
  {
    name: 'bins',
    // Bin shims must start on an old system Node; they share the root's dependency-free helper.
    files: ['apps/cli/bin/*.js', 'packages/virtctl/bin/*.js'],
    rules: { 'import-x/no-relative-packages': 'off' },
  },
  prettier,
);
