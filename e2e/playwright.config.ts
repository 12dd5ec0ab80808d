import { defineConfig, devices } from '@playwright/test';

/**
 * Black-box end-to-end tests in Debian's Chromium. Playwright cannot download browsers on our
 * machines, so the system Chromium is used, headless, with its background networking off
 * (the network is closed and Chromium would otherwise keep trying).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  forbidOnly: true,
  retries: 0,
  workers: 1,
  timeout: 120_000,
  reporter: 'list',
  use: {
    ...devices['Desktop Chrome'],
    headless: true,
    trace: 'retain-on-failure',
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
