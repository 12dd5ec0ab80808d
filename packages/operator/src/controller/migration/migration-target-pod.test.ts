import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { launcherPod } from '../vmi/launcher-pod.ts';
import { migrationTargetPod } from './migration-target-pod.ts';
import { runningVmi, testMigration } from './test-migration.ts';

const config = { launcherImage: 'launcher:1' };
const options = { sourceNode: 'node-1', launcherPod: config };

function withSelector(added: Record<string, string>): VirtualMachineInstanceMigration {
  const migration = testMigration();
  migration.spec.addedNodeSelector = added;
  return migration;
}

describe('migrationTargetPod', () => {
  it('is the launcher pod plus the migration labels and annotation', () => {
    const vmi = runningVmi();
    const pod = migrationTargetPod(vmi, testMigration(), options);
    const base = launcherPod(vmi, config);
    expect(pod.spec?.containers).toEqual(base.spec?.containers);
    expect(pod.metadata?.ownerReferences).toEqual(base.metadata?.ownerReferences);
    expect(pod.metadata?.labels).toMatchObject({
      'kubevirt.io': 'virt-launcher',
      'kubevirt.io/created-by': 'vmi-uid',
      'kubevirt.io/migrationJobUID': 'mig-uid',
      'kubevirt.io/migrationJobName': 'mig1',
    });
    expect(pod.metadata?.annotations?.['kubevirt.io/migrationJobName']).toBe('mig1');
  });

  it('does not copy the VMI node labels', () => {
    const vmi = runningVmi();
    vmi.metadata.labels = { ...vmi.metadata.labels, 'kubevirt.io/migrationTargetNodeName': 'x' };
    const labels = migrationTargetPod(vmi, testMigration(), options).metadata?.labels ?? {};
    expect(labels).not.toHaveProperty('kubevirt.io/nodeName');
    expect(labels).not.toHaveProperty('kubevirt.io/migrationTargetNodeName');
  });

  it('keeps away from the source node with a required node affinity term', () => {
    const pod = migrationTargetPod(runningVmi(), testMigration(), options);
    expect(
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] },
      ],
    });
  });

  it('adds the source exclusion to every term of the VMI node affinity', () => {
    const vmi = runningVmi();
    const zone = { key: 'zone', operator: 'In', values: ['a'] };
    vmi.spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [zone] }, { matchExpressions: [] }],
        },
      },
    };
    const pod = migrationTargetPod(vmi, testMigration(), options);
    const notSource = { key: 'metadata.name', operator: 'NotIn', values: ['node-1'] };
    expect(
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({
      nodeSelectorTerms: [
        { matchExpressions: [zone], matchFields: [notSource] },
        { matchExpressions: [], matchFields: [notSource] },
      ],
    });
    // The VMI itself is not changed.
    expect(
      vmi.spec.affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
        ?.nodeSelectorTerms[0],
    ).toEqual({ matchExpressions: [zone] });
  });

  it.each<
    [string, Record<string, string> | undefined, Record<string, string>, Record<string, string>]
  >([
    ['adds the migration node selector', {}, { rack: 'r2' }, { rack: 'r2' }],
    ['keeps the VMI selector on a shared key', { rack: 'r1' }, { rack: 'r2' }, { rack: 'r1' }],
    ['keeps the VMI selector without one', { disk: 'ssd' }, {}, { disk: 'ssd' }],
  ])('%s', (_, vmiSelector, added, expected) => {
    const vmi = runningVmi();
    if (vmiSelector !== undefined) vmi.spec.nodeSelector = vmiSelector;
    const pod = migrationTargetPod(vmi, withSelector(added), options);
    expect(pod.spec?.nodeSelector).toEqual({ ...expected, 'kubevirt.io/schedulable': 'true' });
  });

  it('refuses a VMI that runs nowhere', () => {
    expect(() =>
      migrationTargetPod(runningVmi(), testMigration(), { ...options, sourceNode: '' }),
    ).toThrow('the source node (the VMI status.nodeName) is missing');
  });
});
