import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from '../app/fake-k8s.ts';
import { tableRowTexts } from '../shared/table-text.ts';
import { makeLauncherPod } from '../workloads/workload-fixtures.ts';
import { fakeStatusResponse, fakeVmK8s } from './fake-vm-k8s.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';
import { VmDiagnosticsTab } from './VmDiagnosticsTab.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

const logPath =
  '/api/v1/namespaces/apps/pods/virt-launcher-vm-d-x1/log?container=guest-console-log&tailLines=500';

const vm = vmFixture({
  name: 'vm-d',
  status: 'Running',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      lastTransitionTime: '2025-01-01T00:10:00Z',
    },
    { type: 'RestartRequired', status: 'True', message: 'a non-live-updatable field changed' },
  ],
  stateChangeRequests: [{ action: 'Stop', uid: 'vmi-uid-vm-d' }, { action: 'Start' }],
  startFailure: { consecutiveFailCount: 2 },
});
const vmi = vmiFixture({
  name: 'vm-d',
  conditions: [
    {
      type: 'LiveMigratable',
      status: 'False',
      reason: 'DisksNotLiveMigratable',
      message: 'cannot migrate VMI: PVC rootdisk is not shared',
      lastTransitionTime: '2025-01-01T00:50:00Z',
    },
  ],
  phaseTransitionTimestamps: [
    { phase: 'Running', phaseTransitionTimestamp: '2025-01-01T00:09:50Z' },
    { phase: 'Pending', phaseTransitionTimestamp: '2025-01-01T00:09:00Z' },
  ],
});

function launcherPod(): void {
  fakeK8s.setWatch('pods', [
    [
      makeLauncherPod({
        name: 'virt-launcher-vm-d-x1',
        namespace: 'apps',
        vm: 'vm-d',
        vmiUid: 'vmi-uid-vm-d',
      }),
    ],
    true,
    undefined,
  ]);
}

const rowsOf = tableRowTexts;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-01-01T01:00:00Z'));
  fakeVmK8s.reset();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('VmDiagnosticsTab', () => {
  it('shows the status, the conditions of the VM and the VMI with their ages, requests and phases', () => {
    render(<VmDiagnosticsTab vm={vm} vmi={vmi} />);
    const status = screen.getByRole('region', { name: 'Status' });
    expect(status.textContent).toBe('StatusRunningInstance phaseRunningFailed starts in a row2');
    const conditions = rowsOf('Conditions');
    expect(conditions.map((row) => [row[0], row[1], row[2], row[3], row[4], row[6]])).toEqual([
      ['VirtualMachine', 'Ready', 'True', '-', '-', '50m'],
      ['VirtualMachine', 'RestartRequired', 'True', '-', 'a non-live-updatable field changed', '-'],
      [
        'VirtualMachineInstance',
        'LiveMigratable',
        'False',
        'DisksNotLiveMigratable',
        'cannot migrate VMI: PVC rootdisk is not shared',
        '10m',
      ],
    ]);
    expect(rowsOf('Pending state changes')).toEqual([
      ['Stop', 'vmi-uid-vm-d'],
      ['Start', '-'],
    ]);
    expect(rowsOf('Instance phase transitions').map((row) => [row[0], row[2]])).toEqual([
      ['Pending', '51m'],
      ['Running', '50m'],
    ]);
  });

  it('reads the serial log of the launcher pod as plain text, again on Refresh', async () => {
    launcherPod();
    let log = '\u001b[0;32m  OK  \u001b[0m Reached target Multi-User System.\r\n';
    fakeVmK8s.serve(
      logPath,
      () => new Response(log, { headers: { 'Content-Type': 'text/plain' } }),
    );
    render(<VmDiagnosticsTab vm={vm} vmi={vmi} />);
    const pre = await vi.waitFor(() => screen.getByLabelText('Serial log of vm-d'));
    expect(pre.textContent).toBe('  OK   Reached target Multi-User System.\n');
    expect(
      screen.getByText(/container guest-console-log in pod virt-launcher-vm-d-x1/),
    ).toBeDefined();
    log = 'fedora login: ';
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await vi.waitFor(() => {
      expect(screen.getByLabelText('Serial log of vm-d').textContent).toBe('fedora login: ');
    });
    expect(fakeVmK8s.fetch).toHaveBeenCalledTimes(2);
  });

  it('shows the server message when the user may not read pod logs', async () => {
    launcherPod();
    const message =
      'pods "virt-launcher-vm-d-x1" is forbidden: User "viewer" cannot get resource "pods/log" in API group "" in the namespace "apps"';
    fakeVmK8s.serve(logPath, () => fakeStatusResponse(403, message));
    render(<VmDiagnosticsTab vm={vm} vmi={vmi} />);
    await vi.waitFor(() => screen.getByText(message));
    expect(screen.getByText('Could not read the serial log')).toBeDefined();
    expect(screen.queryByLabelText('Serial log of vm-d')).toBeNull();
  });

  it('says the VM is not running when there is no launcher pod, and reads nothing', () => {
    render(<VmDiagnosticsTab vm={vmFixture({ name: 'vm-d' })} vmi={undefined} />);
    expect(
      screen.getByText(
        'vm-d is not running: there is no launcher pod to read its serial log from.',
      ),
    ).toBeDefined();
    expect(screen.getByText('No instance phase transitions recorded.')).toBeDefined();
    expect(screen.getByText('No conditions reported.')).toBeDefined();
    expect(screen.queryByRole('grid', { name: 'Pending state changes' })).toBeNull();
    expect(fakeVmK8s.fetch).not.toHaveBeenCalled();
  });
});
