import type { Locator, Page } from '@playwright/test';
import { attachScreenshot } from './attach-screenshot.ts';
import { expect, signIn, test } from './fixtures.ts';
import { kubectlOrThrow, tinyVm, vmPrintableStatus } from './tiny-vm.ts';

/** The VM write actions, by their visible label, with what the access review refuses for each. */
const writeActions = [
  { label: 'Start', refused: 'update virtualmachines/start' },
  { label: 'Stop', refused: 'update virtualmachines/stop' },
  { label: 'Restart', refused: 'update virtualmachines/restart' },
  { label: 'Pause', refused: 'update virtualmachineinstances/pause' },
  { label: 'Unpause', refused: 'update virtualmachineinstances/unpause' },
  { label: 'Delete', refused: 'delete virtualmachines' },
] as const;

/** What a view-only user reads on a disabled action: the access review's refusal. */
function refusal(refused: string, namespace: string): string {
  return `You may not ${refused} in namespace ${namespace}`;
}

/** Hovers `control` and expects the tooltip that appears to give `reason`. */
async function expectDisabledWithReason(page: Page, control: Locator, reason: string | RegExp) {
  await expect(control).toHaveAttribute('aria-disabled', 'true');
  await control.hover();
  await expect(page.getByRole('tooltip').filter({ hasText: reason })).toBeVisible();
  await page.mouse.move(0, 0);
}

test.describe('a view-only user', () => {
  test('sees the same pod and VM, and every write action is disabled with the reason', async ({
    podvisor,
    namespace,
    browser,
  }, testInfo) => {
    test.setTimeout(6 * 60_000);
    const kubectl = (args: string[], stdin?: string) =>
      kubectlOrThrow(podvisor.kubectl, args, stdin);
    await kubectl([
      'create',
      'rolebinding',
      'alice-view',
      '--clusterrole=view',
      '--user=alice',
      '-n',
      namespace,
    ]);
    await kubectl(['run', 'web', '-n', namespace, '--image=busybox', '--', 'sleep', '3600']);
    await kubectl(['apply', '-f', '-'], tinyVm('vm1', namespace));
    await expect
      .poll(() => vmPrintableStatus(podvisor.kubectl, namespace, 'vm1'), { timeout: 180_000 })
      .toBe('Running');

    // Alice signs in with a link minted for her, in a browser of her own.
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, podvisor, { user: 'alice' });
    await expect(page.getByRole('banner')).toContainText('alice');

    // Workloads: the pod and the VM side by side, as the admin sees them.
    await page.goto(`${podvisor.consoleUrl}/workloads?ns=${namespace}`);
    const workloads = page.getByRole('grid', { name: 'Workloads' });
    const row = (name: string) => workloads.getByRole('row').filter({ hasText: name });
    await expect(row('web')).toContainText('Running', { timeout: 60_000 });
    await expect(row('vm1').filter({ hasText: 'VirtualMachine' })).toContainText('Running');
    await attachScreenshot(page, testInfo, 'alice: workloads');

    // The VM list: the VM is there; selected, every bulk action is disabled with the refusal.
    await page.goto(`${podvisor.consoleUrl}/vms?ns=${namespace}`);
    const vms = page.getByRole('grid', { name: 'Virtual machines' });
    const vmRow = vms.getByRole('row').filter({ hasText: 'vm1' });
    await expect(vmRow).toContainText('Running', { timeout: 60_000 });
    const main = page.getByRole('main');
    // Create VirtualMachine: disabled, and says why (the server's reason, or the console's).
    const create = main.getByRole('button', { name: 'Create VirtualMachine' });
    await expectDisabledWithReason(page, create, /^(?!Checking)\s*\S/);
    await vmRow.getByRole('checkbox', { name: 'Select vm1' }).check();
    for (const { label, refused } of writeActions) {
      const button = main.getByRole('button', { name: label, exact: true });
      await expectDisabledWithReason(page, button, refusal(refused, namespace));
    }
    await attachScreenshot(page, testInfo, 'alice: VM list, actions disabled');

    // The row's kebab: every item disabled.
    await vmRow.getByRole('button', { name: 'Actions for vm1' }).click();
    for (const { label } of writeActions) {
      await expect(page.getByRole('menuitem', { name: label, exact: true })).toHaveAttribute(
        'aria-disabled',
        'true',
      );
    }
    await attachScreenshot(page, testInfo, 'alice: row actions disabled');
    await page.keyboard.press('Escape');

    // The VM's page: its status, and the same refusals on its action buttons.
    await vmRow.getByRole('link', { name: 'vm1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'vm1' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Details' })).toContainText('Running');
    for (const { label, refused } of writeActions) {
      const button = main.getByRole('button', { name: label, exact: true });
      await expectDisabledWithReason(page, button, refusal(refused, namespace));
    }
    await attachScreenshot(page, testInfo, 'alice: VM page, actions disabled');
    await context.close();
  });
});
