import { TerminalError } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import { launcherPod, launcherResources } from './launcher-pod.ts';
import { memoryOverheadBytes } from './memory-overhead.ts';
import { testVmi } from './test-vmi.ts';

const config = { launcherImage: 'localhost/podvisor/virt-launcher:dev' };
const mib = 1024 * 1024;

describe('launcherPod', () => {
  it('names, labels, annotates and owns the pod as KubeVirt does', () => {
    const vmi = testVmi({
      metadata: {
        ownerReferences: [
          {
            apiVersion: 'kubevirt.io/v1',
            kind: 'VirtualMachine',
            name: 'vm1',
            uid: 'u',
            controller: true,
          },
        ],
      },
    });
    const { metadata } = launcherPod(vmi, config);
    expect(metadata).toEqual({
      generateName: 'virt-launcher-testvmi-',
      namespace: 'default',
      labels: {
        app: 'demo',
        'kubevirt.io': 'virt-launcher',
        'kubevirt.io/created-by': 'vmi-uid',
        'vm.kubevirt.io/name': 'vm1',
      },
      annotations: {
        'kubevirt.io/domain': 'testvmi',
        'kubectl.kubernetes.io/default-container': 'compute',
        'kubevirt.io/memory-overhead-bytes': String(memoryOverheadBytes(vmi)),
      },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name: 'testvmi',
          uid: 'vmi-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
  });

  it('leaves vm.kubevirt.io/name out for a VMI no VM owns', () => {
    expect(launcherPod(testVmi(), config).metadata?.labels).not.toHaveProperty(
      'vm.kubevirt.io/name',
    );
  });

  it('runs the launcher in compute with the layout flags and the downward API', () => {
    const compute = launcherPod(testVmi(), config).spec?.containers[0];
    expect(compute).toMatchObject({
      name: 'compute',
      image: config.launcherImage,
      args: [
        '--state-dir',
        '/var/run/kubevirt-private',
        '--socket-dir',
        '/var/run/kubevirt/sockets',
        '--data-dir',
        '/var/lib/podvisor',
        '--vmi-uid',
        'vmi-uid',
        '--capabilities-cache-dir',
        '/var/lib/podvisor/cache/qemu-capabilities',
      ],
      env: [
        {
          name: 'POD_UID',
          valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.uid' } },
        },
        {
          name: 'POD_IP',
          valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } },
        },
      ],
    });
    expect(compute?.command).toBeUndefined();
    expect(compute?.volumeMounts?.map((m) => [m.name, m.mountPath, m.readOnly])).toEqual([
      ['private', '/var/run/kubevirt-private', undefined],
      ['sockets', '/var/run/kubevirt/sockets', undefined],
      ['container-disks', '/var/lib/podvisor/images', true],
      ['qemu-capabilities', '/var/lib/podvisor/cache/qemu-capabilities', undefined],
    ]);
  });

  it('streams the serial log from guest-console-log with virt-tail, read-only', () => {
    const tail = launcherPod(testVmi(), config).spec?.containers[1];
    expect(tail).toEqual({
      name: 'guest-console-log',
      image: config.launcherImage,
      command: ['virt-tail'],
      args: [
        '--logfile',
        '/var/run/kubevirt-private/vm/serial.log',
        '--launcher-socket',
        '/var/run/kubevirt/sockets/launcher.sock',
      ],
      volumeMounts: [
        { name: 'private', mountPath: '/var/run/kubevirt-private', readOnly: true },
        { name: 'sockets', mountPath: '/var/run/kubevirt/sockets', readOnly: true },
      ],
    });
  });

  it('gives tests a command override for compute only', () => {
    const pod = launcherPod(testVmi(), { ...config, computeCommand: ['sleep', '3600'] });
    expect(pod.spec?.containers[0]?.command).toEqual(['sleep', '3600']);
    expect(pod.spec?.containers[1]?.command).toEqual(['virt-tail']);
  });

  it('declares the layout volumes: two emptyDirs and two node directories', () => {
    expect(launcherPod(testVmi(), config).spec?.volumes).toEqual([
      { name: 'private', emptyDir: {} },
      { name: 'sockets', emptyDir: {} },
      {
        name: 'container-disks',
        hostPath: { path: '/var/lib/podvisor/images', type: 'DirectoryOrCreate' },
      },
      {
        name: 'qemu-capabilities',
        hostPath: { path: '/var/lib/podvisor/cache/qemu-capabilities', type: 'DirectoryOrCreate' },
      },
    ]);
  });

  it.each<[string, number | undefined, number]>([
    ['the default 30 s', undefined, 60],
    ['a short grace', 5, 35],
    ['no grace at all', 0, 30],
  ])('pads the VMI grace period by 30 s (%s)', (_, grace, expected) => {
    const vmi = testVmi(
      grace === undefined ? {} : { spec: { terminationGracePeriodSeconds: grace } },
    );
    expect(launcherPod(vmi, config).spec?.terminationGracePeriodSeconds).toBe(expected);
  });

  it('schedules only on schedulable nodes, with the VMI placement rules', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
          ],
        },
      },
    };
    const tolerations = [
      { key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' },
    ];
    const vmi = testVmi({ spec: { nodeSelector: { disk: 'ssd' }, affinity, tolerations } });
    expect(launcherPod(vmi, config).spec).toMatchObject({
      nodeSelector: { disk: 'ssd', 'kubevirt.io/schedulable': 'true' },
      affinity,
      tolerations,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      hostname: 'testvmi',
    });
  });

  it('leaves placement fields out when the VMI sets none', () => {
    const spec = launcherPod(testVmi(), config).spec;
    expect(spec?.nodeSelector).toEqual({ 'kubevirt.io/schedulable': 'true' });
    expect(spec).not.toHaveProperty('affinity');
    expect(spec).not.toHaveProperty('tolerations');
  });

  it.each<[string, object, string]>([
    ['no name', { metadata: { name: undefined } }, 'the VMI has no metadata.name'],
    ['no UID', { metadata: { uid: undefined } }, 'the VMI has no metadata.uid'],
    [
      'a malformed memory request',
      { spec: { domain: { devices: {}, resources: { requests: { memory: 'lots' } } } } },
      'spec.domain.resources.requests.memory: "lots" is not a valid quantity',
    ],
  ])('refuses a VMI with %s, naming the field', (_, changes, message) => {
    const render = (): unknown => launcherPod(testVmi(changes), config);
    expect(render).toThrow(TerminalError);
    expect(render).toThrow(message);
  });
});

describe('launcherResources', () => {
  const overhead = 300n * BigInt(mib);

  it.each<[string, object, object]>([
    [
      'adds the overhead to the memory request and copies the CPU',
      { requests: { memory: '128Mi', cpu: '100m' } },
      { requests: { memory: '428Mi', cpu: '100m' } },
    ],
    [
      'adds it to a memory limit too',
      { requests: { memory: '1Gi' }, limits: { memory: '1Gi', cpu: 2 } },
      { requests: { memory: '1324Mi' }, limits: { memory: '1324Mi', cpu: '2' } },
    ],
    [
      'leaves it out of the request with overcommitGuestOverhead',
      { requests: { memory: '1Gi' }, limits: { memory: '2Gi' }, overcommitGuestOverhead: true },
      { requests: { memory: '1Gi' }, limits: { memory: '2348Mi' } },
    ],
  ])('%s', (_, resources, expected) => {
    const vmi = testVmi({ spec: { domain: { devices: {}, resources } } });
    expect(launcherResources(vmi, overhead)).toEqual(expected);
  });

  it('requests the guest memory when the VMI requests none', () => {
    const vmi = testVmi({ spec: { domain: { devices: {}, memory: { guest: '64Mi' } } } });
    expect(launcherResources(vmi, overhead)).toEqual({ requests: { memory: '364Mi' } });
  });
});
