import { defineConfig } from 'vitest/config';

/** Every workspace with code gets a unit project; `*.integration.test.ts` files run in their own lane. */
const workspaces = [
  'packages/bench',
  'packages/api',
  'packages/kube',
  'packages/cluster',
  'packages/operator',
  'packages/virtctl',
  'apps/bff',
  'apps/cli',
  'apps/console',
];
const integration = '**/*.integration.test.{ts,tsx}';

export default defineConfig({
  test: {
    passWithNoTests: true,
    projects: [
      ...workspaces.map((dir) => ({
        test: {
          name: dir.split('/')[1] ?? dir,
          root: dir,
          include: ['src/**/*.test.{ts,tsx}'],
          exclude: [integration],
          // The console's components render into a DOM.
          ...(dir === 'apps/console' ? { environment: 'jsdom' } : {}),
        },
      })),
      {
        test: {
          name: 'tools',
          include: ['scripts/**/*.test.ts', 'deploy/**/*.test.ts'],
          exclude: [integration],
        },
      },
      {
        test: {
          // Real processes (API server, QEMU, browsers): slower, one file at a time.
          name: 'integration',
          include: [`{apps,packages}/*/src/${integration}`, `{scripts,deploy}/${integration}`],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
