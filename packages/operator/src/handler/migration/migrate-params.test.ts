import type { VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { guestMemoryGiB, migrateParams, migrateRequestTimeoutMs } from './migrate-params.ts';

function vmiWithMemory(memory: Record<string, unknown>): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    metadata: { name: 'vm' },
    spec: { domain: { devices: {}, ...memory } },
  };
  return vmi;
}

describe('migrateParams', () => {
  it('uses KubeVirt’s defaults without configuration', () => {
    expect(migrateParams({ targetUri: 'tcp://h:1', migrationUid: 'm', config: undefined })).toEqual(
      {
        targetUri: 'tcp://h:1',
        migrationUid: 'm',
        completionTimeoutPerGiBSeconds: 150,
      },
    );
  });

  it.each([
    ['64Mi', 64],
    ['1Gi', 1024],
    ['0', undefined],
  ])('turns bandwidthPerMigration %s into %s MiB/s', (bandwidth, expected) => {
    const params = migrateParams({
      targetUri: 'tcp://h:1',
      migrationUid: 'm',
      config: { bandwidthPerMigration: bandwidth, allowAutoConverge: true, allowPostCopy: false },
    });
    expect(params.bandwidthMiBps).toBe(expected);
    expect(params).toMatchObject({ allowAutoConverge: true, allowPostCopy: false });
  });
});

describe('guestMemoryGiB', () => {
  it.each([
    [{ resources: { requests: { memory: '128Mi' } } }, 1],
    [{ resources: { requests: { memory: '3Gi' } } }, 3],
    [{ memory: { guest: '2049Mi' }, resources: { requests: { memory: '1Gi' } } }, 3],
    [{}, 1],
  ])('%j → %s GiB', (memory, expected) => {
    expect(guestMemoryGiB(vmiWithMemory(memory))).toBe(expected);
  });
});

describe('migrateRequestTimeoutMs', () => {
  it('waits the completion timeout for the memory plus two minutes', () => {
    const vmi = vmiWithMemory({ resources: { requests: { memory: '2Gi' } } });
    const params = { targetUri: 'tcp://h:1', completionTimeoutPerGiBSeconds: 100 };
    expect(migrateRequestTimeoutMs(vmi, params)).toBe(320_000);
  });
});
