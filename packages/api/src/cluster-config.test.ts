import { describe, expect, it } from 'vitest';
import { type ClusterConfig, clusterConfigFrom, defaultClusterConfig } from './cluster-config.ts';
import type { KubeVirt } from './generated/kubevirt-types.ts';

const kubevirt = (configuration: Record<string, unknown>): KubeVirt => ({
  metadata: { name: 'podvisor', namespace: 'podvisor' },
  spec: { configuration },
});

describe('clusterConfigFrom', () => {
  it("uses KubeVirt's defaults without a KubeVirt CR", () => {
    expect(clusterConfigFrom(undefined)).toEqual({
      useEmulation: false,
      featureGates: [],
      machineType: 'q35',
      cpuRequest: '100m',
      memoryOvercommitPercent: 100,
    });
  });

  it('reads every setting of the configuration', () => {
    const config = clusterConfigFrom(
      kubevirt({
        evictionStrategy: 'LiveMigrate',
        machineType: 'pc-q35-9.0',
        cpuRequest: '250m',
        developerConfiguration: {
          useEmulation: true,
          featureGates: ['HostDisk'],
          memoryOvercommit: 150,
        },
      }),
    );
    expect(config).toEqual<ClusterConfig>({
      evictionStrategy: 'LiveMigrate',
      useEmulation: true,
      featureGates: ['HostDisk'],
      machineType: 'pc-q35-9.0',
      cpuRequest: '250m',
      memoryOvercommitPercent: 150,
    });
  });

  it('prefers the amd64 machine type of architectureConfiguration', () => {
    const config = clusterConfigFrom(
      kubevirt({
        machineType: 'pc',
        architectureConfiguration: { amd64: { machineType: 'q35-new' } },
      }),
    );
    expect(config.machineType).toBe('q35-new');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown eviction strategy', { evictionStrategy: 'Evict' }],
    ['a malformed CPU request', { cpuRequest: 'lots' }],
    ['a zero CPU request', { cpuRequest: '0' }],
    ['a negative overcommit', { developerConfiguration: { memoryOvercommit: -5 } }],
    ['a non-list of feature gates', { developerConfiguration: { featureGates: 'HostDisk' } }],
    ['a non-boolean useEmulation', { developerConfiguration: { useEmulation: 'yes' } }],
    ['an empty machine type', { machineType: '' }],
  ])('falls back to the default for %s', (_, configuration) => {
    expect(clusterConfigFrom(kubevirt(configuration))).toEqual(defaultClusterConfig);
  });
});
