import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

/**
 * Attaches a screenshot of `page` to the test as `step`. Playwright copies an attached file into
 * the test's output directory (`attachments/`), so every step of a journey stays as an artifact
 * whatever the outcome, and the report shows it.
 */
export async function attachScreenshot(
  page: Page,
  testInfo: TestInfo,
  step: string,
): Promise<void> {
  const path = join(tmpdir(), `podvisor-e2e-${randomUUID()}.png`);
  try {
    await page.screenshot({ path });
    await testInfo.attach(step, { path, contentType: 'image/png' });
  } finally {
    rmSync(path, { force: true });
  }
}
