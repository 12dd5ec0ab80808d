import { describe, expect, it } from 'vitest';
import { nodeHostPath } from './node-host-path.ts';

const dirs = { dataDir: '/data', nodeName: 'node-2', podsDir: '/data/nodes/node-2/pods' };

describe('nodeHostPath', () => {
  it.each([
    ['/var/lib/kubelet/pods', '/data/nodes/node-2/pods'],
    ['/var/lib/kubelet/pods/', '/data/nodes/node-2/pods'],
    ['/var/lib/kubelet/pods/uid/volumes', '/data/nodes/node-2/pods/uid/volumes'],
    ['/var/lib/podvisor/images', '/data/images'],
    ['/var/lib/podvisor/images/tiny/disk.qcow2', '/data/images/tiny/disk.qcow2'],
    ['/var/lib/podvisor', '/data/nodes/node-2/host/var/lib/podvisor'],
    ['/var/lib/podvisor/cache/q', '/data/nodes/node-2/host/var/lib/podvisor/cache/q'],
    ['/var/lib/kubelet', '/data/nodes/node-2/host/var/lib/kubelet'],
    ['/var/lib/kubelet/plugins', '/data/nodes/node-2/host/var/lib/kubelet/plugins'],
    [
      '/var/lib/kubelet/pods/../device-plugins',
      '/data/nodes/node-2/host/var/lib/kubelet/device-plugins',
    ],
    ['/var/lib/podvisor/images/../../kubelet/pods/u', '/data/nodes/node-2/pods/u'],
    ['/var/lib/podvisorx', '/var/lib/podvisorx'],
    ['/var/lib/kubelet-other/pods', '/var/lib/kubelet-other/pods'],
    ['/var/lib/kubelet/../../../etc', '/etc'],
    ['/dev/kvm', '/dev/kvm'],
    ['/', '/'],
  ])('maps %s to %s', (path, expected) => {
    expect(nodeHostPath(path, dirs)).toBe(expected);
  });
});
