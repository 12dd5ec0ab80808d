import { defineConfig, devices } from '@playwright/test';

/**
 * Black-box end-to-end tests in Debian's Chromium. Playwright cannot download browsers on our
 * machines, so the system Chromium is used, headless, with its background networking off
 * (the network is closed and Chromium would otherwise keep trying).
 *
 * Two projects, so that never two Podvisors run at once on a small machine: `lifecycle` (up.spec.ts)
 * starts and stops its own, `console` shares one `podvisor up` per worker (fixtures.ts). Different
 * projects get different workers, and with one worker the first is gone before the next starts.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 120_000,
  reporter: 'list',
  projects: [
    { name: 'lifecycle', testMatch: 'up.spec.ts' },
    { name: 'console', testIgnore: 'up.spec.ts' },
  ],
  use: {
    ...devices['Desktop Chrome'],
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
