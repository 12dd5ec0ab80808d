// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { launcherPodFixture, podFixture } from './pod-fixtures.ts';
import type { PodContainerStatus } from './pod-resource.ts';
import { filterPodRows, podRow } from './pod-rows.ts';

const two = [{ name: 'a' }, { name: 'b' }];

function status(name: string, ready: boolean, restartCount = 0): PodContainerStatus {
  return {
    name,
    ready,
    restartCount,
    state: { running: {} },
    ...(restartCount === 0
      ? {}
      : { lastState: { terminated: { exitCode: 1, finishedAt: '2025-01-01T00:10:00Z' } } }),
  };
}

describe('podRow', () => {
  it.each([
    ['none ready', [status('a', false), status('b', false)], '0/2'],
    ['one ready', [status('a', true), status('b', false)], '1/2'],
    ['no statuses yet', [], '0/2'],
  ])('counts READY as kubectl does: %s', (_case, statuses, ready) => {
    expect(podRow(podFixture({ name: 'p', containers: two, statuses })).ready).toBe(ready);
  });

  it("sums the containers' restarts and remembers when the last run ended", () => {
    const row = podRow(
      podFixture({
        name: 'p',
        containers: two,
        statuses: [status('a', true, 2), status('b', true, 1)],
      }),
    );
    expect(row.restarts).toBe(3);
    expect(row.lastRestart).toBe(Date.parse('2025-01-01T00:10:00Z'));
  });

  it("counts only the init containers' restarts while the pod initializes", () => {
    const row = podRow(
      podFixture({
        name: 'p',
        phase: 'Pending',
        initContainers: [{ name: 'init' }],
        initStatuses: [
          { name: 'init', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
        statuses: [status('app', false, 7)],
      }),
    );
    expect(row.restarts).toBe(4);
    expect(row.status).toBe('Init:CrashLoopBackOff');
  });

  it('names the VM of a launcher pod and no VM for other pods', () => {
    expect(podRow(launcherPodFixture('virt-launcher-vm-a-x', 'vm-a')).vmName).toBe('vm-a');
    expect(podRow(podFixture({ name: 'p', labels: { 'vm.kubevirt.io/name': 'x' } })).vmName).toBe(
      undefined,
    );
  });

  it('reads node, IP, age and the deleting mark', () => {
    const row = podRow(podFixture({ name: 'p', node: 'n1', ip: '10.0.0.5', deleting: true }));
    expect(row).toMatchObject({
      key: 'apps/p',
      node: 'n1',
      ip: '10.0.0.5',
      created: Date.parse('2025-01-01T00:00:00Z'),
      deleting: true,
      status: 'Terminating',
    });
  });
});

describe('filterPodRows', () => {
  it.each([
    ['', ['web-1', 'web-2', 'db-1']],
    ['WEB', ['web-1', 'web-2']],
    [' db ', ['db-1']],
    ['none', []],
  ])('keeps the names containing %j', (text, names) => {
    const rows = ['web-1', 'web-2', 'db-1'].map((name) => podRow(podFixture({ name })));
    expect(filterPodRows(rows, text).map((row) => row.name)).toEqual(names);
  });
});
