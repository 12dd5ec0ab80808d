import type { VirtualMachineInstanceMigration } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from '../admission-review.ts';
import type { EvictedPod } from './decide-eviction.ts';
import type { EvictionCluster } from './eviction-cluster.ts';
import { evictionInterceptor } from './eviction-interceptor.ts';
import { launcherPod, runningVmi } from './eviction-fixtures.ts';

/** An in-memory cluster that records the interceptor's writes. */
function fakeCluster(
  options: {
    pod?: EvictedPod;
    vmi?: ReturnType<typeof runningVmi>;
    migrations?: VirtualMachineInstanceMigration[];
    failWrites?: boolean;
  } = {},
) {
  const writes: string[] = [];
  const cluster: EvictionCluster = {
    getPod: (_ns, name) =>
      Promise.resolve(name === options.pod?.metadata?.name ? options.pod : undefined),
    getVmi: (_ns, name) => Promise.resolve(name === 'vm' ? options.vmi : undefined),
    listMigrations: () => Promise.resolve(options.migrations ?? []),
    createMigration: (ns, m) => {
      if (options.failWrites === true) return Promise.reject(new Error('etcd is down'));
      writes.push(`create ${ns} ${m.metadata.generateName ?? ''} for ${m.spec.vmiName}`);
      return Promise.resolve();
    },
    markForEvacuation: (ns, name, node) => {
      if (options.failWrites === true) return Promise.reject(new Error('etcd is down'));
      writes.push(`mark ${ns}/${name} ${node}`);
      return Promise.resolve();
    },
  };
  return { cluster, writes };
}

/** A `pods/eviction` CREATE review, as the API server sends it. */
function review(request: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    uid: 'u-1',
    operation: 'CREATE',
    resource: 'pods',
    subresource: 'eviction',
    namespace: 'ns',
    name: 'virt-launcher-vm-abcde',
    object: {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'virt-launcher-vm-abcde' },
    },
    oldObject: undefined,
    user: { username: 'admin', groups: ['system:masters'] },
    dryRun: false,
    ...request,
  };
}

const evacuating = {
  allowed: false,
  status: {
    code: 429,
    reason: 'TooManyRequests',
    message: 'Eviction triggered evacuation of VMI "ns/vm"',
  },
};

describe('evictionInterceptor', () => {
  it('denies a LiveMigrate launcher eviction with 429, marks the VMI and starts a migration', async () => {
    const { cluster, writes } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ strategy: 'LiveMigrate' }),
    });
    const handler = evictionInterceptor({ cluster, clusterStrategy: () => undefined });
    expect(await handler(review())).toEqual(evacuating);
    expect(writes).toEqual(['mark ns/vm node-1', 'create ns kubevirt-evacuation- for vm']);
  });

  it('keeps denying on retries without a second migration while one is active', async () => {
    const { cluster, writes } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ evacuationNodeName: 'node-1' }),
      migrations: [
        { metadata: { name: 'm' }, spec: { vmiName: 'vm' }, status: { phase: 'Running' } },
      ],
    });
    const handler = evictionInterceptor({ cluster, clusterStrategy: () => 'LiveMigrate' });
    expect(await handler(review())).toEqual(evacuating);
    expect(writes).toEqual([]);
  });

  it('writes nothing on a dry run, but still denies', async () => {
    const { cluster, writes } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ strategy: 'LiveMigrate' }),
    });
    const handler = evictionInterceptor({ cluster, clusterStrategy: () => undefined });
    expect(await handler(review({ dryRun: true }))).toEqual(evacuating);
    expect(writes).toEqual([]);
  });

  it('denies a non-migratable LiveMigrate VMI with the reason', async () => {
    const { cluster, writes } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ strategy: 'LiveMigrate', migratable: false }),
    });
    const decision = await evictionInterceptor({ cluster, clusterStrategy: () => undefined })(
      review(),
    );
    expect(decision).toEqual({
      allowed: false,
      status: {
        code: 429,
        reason: 'TooManyRequests',
        message:
          'VMI vm is configured with an eviction strategy but is not live-migratable: cannot migrate VMI: PVC disk is not shared',
      },
    });
    expect(writes).toEqual([]);
  });

  it.each([
    ['another pod', review({ name: 'web-1' })],
    ['a DELETE review', review({ operation: 'DELETE' })],
    ['another subresource', review({ subresource: 'status' })],
    ['another resource', review({ resource: 'virtualmachines' })],
  ])('allows %s', async (_case, request) => {
    const { cluster, writes } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ strategy: 'LiveMigrate' }),
    });
    expect(
      await evictionInterceptor({ cluster, clusterStrategy: () => undefined })(request),
    ).toEqual({
      allowed: true,
    });
    expect(writes).toEqual([]);
  });

  it('answers 429 naming the failure when a write fails, so the drain retries', async () => {
    const { cluster } = fakeCluster({
      pod: launcherPod(),
      vmi: runningVmi({ strategy: 'LiveMigrate' }),
      failWrites: true,
    });
    const decision = await evictionInterceptor({ cluster, clusterStrategy: () => undefined })(
      review(),
    );
    expect(decision).toEqual({
      allowed: false,
      status: {
        code: 429,
        reason: 'TooManyRequests',
        message: 'kubevirt failed to handle the eviction: etcd is down',
      },
    });
  });
});
