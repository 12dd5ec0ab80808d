import type { Locator, Page } from '@playwright/test';
import { attachScreenshot } from './attach-screenshot.ts';
import { expect, test, type Podvisor } from './fixtures.ts';
import { kubectlOrThrow, tinyVm } from './tiny-vm.ts';

/**
 * The tiny VM with `labels` on its template: `kubectl virt expose vm` selects by the template's
 * labels (as virtctl does), and the launcher pod carries them.
 */
function labelledTinyVm(
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): string {
  const vm = JSON.parse(tinyVm(name, namespace)) as {
    spec: { template: { metadata?: { labels: Readonly<Record<string, string>> } } };
  };
  vm.spec.template.metadata = { labels };
  return JSON.stringify(vm);
}

/** What kubectl prints for `jsonpath` on one object of the namespace ('' when it has nothing). */
async function jsonPath(
  podvisor: Podvisor,
  namespace: string,
  args: { readonly object: readonly string[]; readonly path: string },
): Promise<string> {
  const result = await podvisor.kubectl([
    'get',
    ...args.object,
    '-n',
    namespace,
    '-o',
    `jsonpath=${args.path}`,
  ]);
  return result.code === 0 ? result.stdout.trim() : '';
}

/** A busybox pod `other` behind a Service `other` (selecting `run=other`), once it has it as endpoint. */
async function startOtherService(podvisor: Podvisor, namespace: string): Promise<void> {
  const pod = ['run', 'other', '-n', namespace, '--image=busybox', '--', 'sleep', '3600'];
  await kubectlOrThrow(podvisor.kubectl, pod);
  const service = ['expose', 'pod', 'other', '-n', namespace, '--port', '8081', '--name', 'other'];
  await kubectlOrThrow(podvisor.kubectl, service);
  const endpointPods = () =>
    jsonPath(podvisor, namespace, {
      object: ['endpoints', 'other'],
      path: '{.subsets[*].addresses[*].targetRef.name}',
    });
  await expect.poll(endpointPods, { timeout: 120_000 }).toBe('other');
}

/** Marks the page's window, so that {@link stillSamePage} tells a reload from a live update. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as Record<string, unknown>)['podvisorE2eMark'] = true;
  });
}

async function stillSamePage(page: Page): Promise<boolean> {
  return page.evaluate(
    () => (globalThis as unknown as Record<string, unknown>)['podvisorE2eMark'] === true,
  );
}

/** The panel's one row for Service `name` (a row's name is its cells' text). */
function serviceRow(panel: Locator, name: string): Locator {
  return panel
    .getByRole('grid', { name: 'Connected services' })
    .getByRole('row', { name: new RegExp(`^${name} `) });
}

test.describe('Connected services on a VM’s Network tab', () => {
  test('shows the Service kubectl virt expose created, with its port, cluster IP and the launcher pod behind it, and drops it live when deleted', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    test.setTimeout(8 * 60_000);
    const vmLabels = { 'kubevirt.io/domain': 'vm1' };
    await kubectlOrThrow(
      podvisor.kubectl,
      ['apply', '-f', '-'],
      labelledTinyVm('vm1', namespace, vmLabels),
    );
    await startOtherService(podvisor, namespace);

    await page.goto(`${podvisor.consoleUrl}/vms/${namespace}/vm1`);
    await expect(page.getByRole('heading', { level: 1, name: 'vm1' })).toBeVisible();
    const status = page
      .getByRole('region', { name: 'Details' })
      .locator('dt:has-text("Status") + dd');
    await expect(status).toHaveText('Running', { timeout: 180_000 });
    await page.getByRole('tab', { name: 'Network' }).click();
    const panel = page.getByRole('region', { name: 'Connected services' });
    // The Service `other` selects the busybox pod, not the VM: the panel offers the expose command.
    await expect(panel.getByRole('heading', { name: 'No Service selects this VM' })).toBeVisible({
      timeout: 30_000,
    });
    await attachScreenshot(page, testInfo, '1 no service selects the VM');
    await markPage(page);

    const exposed = await kubectlOrThrow(podvisor.kubectl, [
      ...['virt', 'expose', 'vm', 'vm1', '-n', namespace],
      ...['--port', '8080', '--target-port', '80', '--name', 'web'],
    ]);
    expect(exposed).toBe('Service web successfully created for vm vm1\n');
    const clusterIp = () =>
      jsonPath(podvisor, namespace, { object: ['service', 'web'], path: '{.spec.clusterIP}' });
    await expect.poll(clusterIp, { timeout: 60_000 }).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const launcherPod = await jsonPath(podvisor, namespace, {
      object: ['pods', '-l', 'vm.kubevirt.io/name=vm1'],
      path: '{.items[*].metadata.name}',
    });
    expect(launcherPod).toMatch(/^virt-launcher-vm1-\S+$/);

    const web = serviceRow(panel, 'web');
    await expect(web.getByRole('gridcell')).toHaveText(
      ['web', 'ClusterIP', await clusterIp(), '8080→80/TCP', `${launcherPod} this VM`],
      { timeout: 60_000 },
    );
    await expect(web.getByRole('link', { name: launcherPod, exact: true })).toHaveAttribute(
      'href',
      `/pods/${namespace}/${launcherPod}`,
    );
    await expect(panel.getByRole('grid', { name: 'Connected services' })).not.toContainText(
      'other',
    );
    await attachScreenshot(page, testInfo, '2 exposed: web 8080→80 to the launcher pod');

    await kubectlOrThrow(podvisor.kubectl, ['delete', 'service', 'web', '-n', namespace]);
    await expect(panel.getByRole('heading', { name: 'No Service selects this VM' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(panel.getByRole('grid', { name: 'Connected services' })).toHaveCount(0);
    expect(await stillSamePage(page), 'the page was not reloaded').toBe(true);
    await attachScreenshot(page, testInfo, '3 service deleted: gone without a reload');
  });
});
