import type { Locator, Page } from '@playwright/test';
import { attachScreenshot } from './attach-screenshot.ts';
import { expect, test } from './fixtures.ts';
import { kubectlOrThrow, tinyVm, vmPrintableStatus } from './tiny-vm.ts';

// Journeys of issue 11's "Done when", written against the issue's words: create a VM in the form
// and use its serial console; the VNC and SPICE canvases show the guest screen.

/** The little of a browser canvas the check reads (this project type-checks without the DOM). */
interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { readonly data: ArrayLike<number> };
  } | null;
}

/** How many distinct colours a canvas shows (stops counting at 2): 1 means blank, 0 no canvas. */
function canvasColours(canvas: Locator): Promise<number> {
  return canvas.evaluate((element: unknown) => {
    const target = element as Partial<CanvasLike>;
    if (typeof target.getContext !== 'function' || !target.width || !target.height) return 0;
    const context = (element as CanvasLike).getContext('2d');
    if (context === null) return 0;
    const { data } = context.getImageData(0, 0, target.width, target.height);
    const seen = new Set<number>();
    for (let i = 0; i + 2 < data.length && seen.size < 2; i += 4) {
      seen.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
    }
    return seen.size;
  });
}

/** Opens a graphical console of `vm1` and waits until its canvas shows more than one colour. */
async function expectGuestScreen(page: Page, kind: 'vnc' | 'spice', region: string) {
  const viewer = page.getByRole('region', { name: region });
  await expect(viewer).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Connected' }).first()).toBeVisible({
    timeout: 60_000,
  });
  const canvas = viewer.locator('canvas').first();
  await expect
    .poll(() => canvasColours(canvas), { timeout: 60_000, message: `the ${kind} canvas is blank` })
    .toBe(2);
}

/** Creates a running tiny VM `vm1` with kubectl and waits for it to run. */
async function runningVm(
  kubectl: Parameters<typeof kubectlOrThrow>[0],
  namespace: string,
): Promise<void> {
  await kubectlOrThrow(kubectl, ['apply', '-f', '-'], tinyVm('vm1', namespace));
  await expect
    .poll(() => vmPrintableStatus(kubectl, namespace, 'vm1'), { timeout: 180_000 })
    .toBe('Running');
}

test.describe('the console journeys', () => {
  test('create a VM in the form, watch it reach Running, and use its serial console', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    test.setTimeout(6 * 60_000);
    await page.goto(`${podvisor.consoleUrl}/vms/~new?ns=${namespace}`);
    const form = page.getByRole('form', { name: 'Create VirtualMachine' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('formvm');
    await form.getByRole('combobox', { name: 'Namespace', exact: true }).fill(namespace);
    await form.getByRole('radio', { name: /^Tiny/ }).check();
    await form.getByRole('spinbutton', { name: 'CPU cores' }).fill('1');
    await form.getByRole('spinbutton', { name: 'Memory', exact: true }).fill('128');
    await form.getByRole('checkbox', { name: 'Start now' }).check();
    await attachScreenshot(page, testInfo, '1 form filled');
    await page.getByRole('main').getByRole('button', { name: 'Create', exact: true }).click();

    await expect(page).toHaveURL(new RegExp(`/vms/${namespace}/formvm`));
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.locator('dt:has-text("Status") + dd')).toHaveText('Running', {
      timeout: 180_000,
    });
    await attachScreenshot(page, testInfo, '2 running');

    await page.getByRole('tab', { name: 'Console' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' }).first()).toBeVisible({
      timeout: 60_000,
    });
    const terminal = page.getByTestId('serial-terminal');
    await terminal.click();
    // The guest may still be booting (a '#' on screen can be boot output, not the prompt): type
    // the command until the shell has run it — only a shell expands $RANDOM into digits.
    await expect(async () => {
      await page.keyboard.type('echo form-$RANDOM\n');
      await expect(terminal).toContainText(/form-\d+/, { timeout: 5_000 });
    }).toPass({ timeout: 150_000 });
    await attachScreenshot(page, testInfo, '3 serial console answered');
  });

  test('the VNC console shows the guest screen', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    test.setTimeout(5 * 60_000);
    await runningVm(podvisor.kubectl, namespace);
    await page.goto(`${podvisor.consoleUrl}/vms/${namespace}/vm1?tab=console&console=vnc`);
    await expectGuestScreen(page, 'vnc', 'VNC console');
    await attachScreenshot(page, testInfo, 'vnc guest screen');
  });

  test('the SPICE console shows the guest screen', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    test.setTimeout(5 * 60_000);
    await runningVm(podvisor.kubectl, namespace);
    await page.goto(`${podvisor.consoleUrl}/vms/${namespace}/vm1?tab=console&console=spice`);
    await expectGuestScreen(page, 'spice', 'SPICE console');
    await attachScreenshot(page, testInfo, 'spice guest screen');
  });
});
