import { expect, test } from './fixtures.ts';

test.describe('a VM in the console', () => {
  test('its serial console answers in the browser, and Stop and Start from the page drive it', async ({
    podvisor,
    namespace,
    signedInPage: page,
  }, testInfo) => {
    const vm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'vm1', namespace },
      spec: {
        runStrategy: 'Manual',
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
    };
    const applied = await podvisor.kubectl(['apply', '-f', '-'], JSON.stringify(vm));
    expect(applied.stderr).toBe('');
    await page.goto(`${podvisor.consoleUrl}/vms/${namespace}/vm1`);
    const header = page.getByRole('main');
    await expect(header.getByText('Stopped').first()).toBeVisible({ timeout: 60_000 });

    // Start from the page; the VM runs and its guest reaches a shell.
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await expect(header.getByText('Running').first()).toBeVisible({ timeout: 120_000 });
    const logs = async (): Promise<string> =>
      (
        await podvisor.kubectl([
          'logs',
          '-n',
          namespace,
          '-l',
          'vm.kubevirt.io/name=vm1',
          '-c',
          'guest-console-log',
        ])
      ).stdout;
    await expect.poll(logs, { timeout: 120_000 }).toContain('podvisor-guest-ready');

    // The Console tab: type a command, read the answer in the terminal.
    await page.getByRole('tab', { name: 'Console' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({
      timeout: 30_000,
    });
    const terminal = page.getByTestId('serial-terminal');
    await terminal.click();
    await page.keyboard.type('echo browser-$((6*7))\n');
    await expect(terminal).toContainText('browser-42', { timeout: 30_000 });
    await testInfo.attach('serial console', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });

    // Stop from the page.
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect
      .poll(
        async () =>
          (
            await podvisor.kubectl([
              'get',
              'vm',
              'vm1',
              '-n',
              namespace,
              '-o',
              'jsonpath={.status.printableStatus}',
            ])
          ).stdout,
        { timeout: 120_000 },
      )
      .toBe('Stopped');
  });
});
