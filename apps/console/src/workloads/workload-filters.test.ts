// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './label-selector.ts';
import { type WorkloadFilters, filterWorkloadRows, workloadStatuses } from './workload-filters.ts';
import { makeLauncherPod, makePod, makeVm } from './workload-fixtures.ts';
import { buildWorkloadRows } from './workload-rows.ts';

const rows = buildWorkloadRows({
  pods: [
    makePod({ name: 'web-1', namespace: 'apps', labels: { app: 'web' } }),
    makePod({ name: 'db-1', namespace: 'data', phase: 'Pending', labels: { app: 'db' } }),
    makeLauncherPod({ name: 'virt-launcher-vm-web', namespace: 'apps', vm: 'vm-web' }),
  ],
  vms: [
    makeVm({ name: 'vm-web', namespace: 'apps', status: 'Running', labels: { app: 'web' } }),
    makeVm({ name: 'vm-db', namespace: 'data', status: 'Stopped' }),
  ],
  vmis: [],
});

function selector(text: string) {
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.requirements;
}

describe('filterWorkloadRows', () => {
  it.each<[string, WorkloadFilters, string[]]>([
    ['nothing with no filters', {}, ['web-1', 'db-1', 'virt-launcher-vm-web', 'vm-web', 'vm-db']],
    ['by kind Pod', { kind: 'Pod' }, ['web-1', 'db-1', 'virt-launcher-vm-web']],
    ['by kind VirtualMachine', { kind: 'VirtualMachine' }, ['vm-web', 'vm-db']],
    ['by namespace', { namespace: 'data' }, ['db-1', 'vm-db']],
    ['by status', { status: 'Running' }, ['web-1', 'virt-launcher-vm-web', 'vm-web']],
    ['by VM status', { status: 'Stopped' }, ['vm-db']],
    ['by name text, ignoring case', { text: 'WEB' }, ['web-1', 'virt-launcher-vm-web', 'vm-web']],
    ['by label selector', { labels: selector('app=web') }, ['web-1', 'vm-web']],
    [
      'by launcher label',
      { labels: selector('kubevirt.io=virt-launcher') },
      ['virt-launcher-vm-web'],
    ],
    [
      'by all filters at once',
      { kind: 'VirtualMachine', namespace: 'apps', text: 'vm', labels: selector('app') },
      ['vm-web'],
    ],
    ['to nothing when nothing matches', { text: 'nope' }, []],
  ])('filters %s', (_case, filters, names) => {
    expect(filterWorkloadRows(rows, filters).map((row) => row.name)).toEqual(names);
  });
});

describe('workloadStatuses', () => {
  it('lists each status once, sorted', () => {
    expect(workloadStatuses(rows)).toEqual(['Pending', 'Running', 'Stopped']);
  });
});
