import type { Page } from '@playwright/test';
import { attachScreenshot } from './attach-screenshot.ts';
import { expect, test } from './fixtures.ts';
import { kubectlOrThrow, tinyVm, vmPrintableStatus } from './tiny-vm.ts';

/** Clicks a VM action button in the page's header. */
async function run(page: Page, label: string): Promise<void> {
  const button = page.getByRole('main').getByRole('button', { name: label, exact: true });
  await expect(button).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  await button.click();
}

test.describe('VM actions from the VM page', () => {
  test('stop, start, pause, unpause and delete a VM, each showing its new status', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    test.setTimeout(8 * 60_000);
    await kubectlOrThrow(podvisor.kubectl, ['apply', '-f', '-'], tinyVm('vm1', namespace));
    await page.goto(`${podvisor.consoleUrl}/vms/${namespace}/vm1`);
    await expect(page.getByRole('heading', { level: 1, name: 'vm1' })).toBeVisible();
    const status = page
      .getByRole('region', { name: 'Details' })
      .locator('dt:has-text("Status") + dd');
    await expect(status).toHaveText('Running', { timeout: 180_000 });
    await attachScreenshot(page, testInfo, '1 running');

    const steps = [
      { action: 'Stop', shows: 'Stopped' },
      { action: 'Start', shows: 'Running' },
      { action: 'Pause', shows: 'Paused' },
      { action: 'Unpause', shows: 'Running' },
    ];
    for (const [index, { action, shows }] of steps.entries()) {
      await run(page, action);
      await expect(status).toHaveText(shows, { timeout: 180_000 });
      await attachScreenshot(
        page,
        testInfo,
        `${String(index + 2)} ${action.toLowerCase()} → ${shows}`,
      );
    }

    // Delete asks first; confirming deletes the VM, and the page says it is gone.
    await run(page, 'Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete virtual machine?' });
    await expect(dialog).toContainText('vm1 will be deleted');
    await attachScreenshot(page, testInfo, '6 delete: confirm');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.getByText('Virtual machine vm1 not found')).toBeVisible({ timeout: 120_000 });
    await attachScreenshot(page, testInfo, '7 deleted');
    expect(await vmPrintableStatus(podvisor.kubectl, namespace, 'vm1')).toBe('');
  });
});
