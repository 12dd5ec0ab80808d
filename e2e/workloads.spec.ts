import { expect, test } from './fixtures.ts';

/** A VirtualMachine booting the tiny guest in `namespace`. */
function tinyVm(name: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace },
    spec: {
      runStrategy: 'Always',
      template: {
        spec: {
          terminationGracePeriodSeconds: 5,
          domain: {
            resources: { requests: { memory: '128Mi' } },
            devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
          },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
        },
      },
    },
  });
}

test.describe('the Workloads page', () => {
  test('lists a pod and a VM side by side, live, and links the VM to its launcher pod and back', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    const run = async (args: string[], stdin?: string): Promise<void> => {
      const result = await podvisor.kubectl(args, stdin);
      expect(result.stderr, `kubectl ${args.join(' ')}`).toBe('');
    };
    await run(['run', 'web', '-n', namespace, '--image=busybox', '--', 'sleep', '3600']);
    await run(['apply', '-f', '-'], tinyVm('vm1', namespace));
    await page.goto(`${podvisor.consoleUrl}/workloads?ns=${namespace}`);
    const table = page.getByRole('grid', { name: 'Workloads' });
    const row = (name: string) => table.getByRole('row').filter({ hasText: name });
    await expect(row('web')).toContainText('Running', { timeout: 60_000 });
    await expect(row('vm1').filter({ hasText: 'VirtualMachine' })).toContainText('Running', {
      timeout: 120_000,
    });
    await expect(row('virt-launcher-vm1-')).toContainText('Running');
    await testInfo.attach('workloads', { body: await page.screenshot(), contentType: 'image/png' });

    // A pod created with kubectl appears without a reload.
    await run(['run', 'late', '-n', namespace, '--image=busybox', '--', 'sleep', '3600']);
    await expect(row('late')).toContainText('Running', { timeout: 60_000 });

    // The VM row links its launcher pod: following it opens the pod's page, which links back.
    await row('vm1')
      .filter({ hasText: 'VirtualMachine' })
      .getByRole('link', { name: /^launcher pod virt-launcher-vm1-/ })
      .click();
    await expect(
      page.getByRole('heading', { level: 1, name: /^virt-launcher-vm1-/ }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'VirtualMachine vm1' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'vm1' })).toBeVisible();
  });
});
