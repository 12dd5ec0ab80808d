import { describe, expect, it } from 'vitest';
import {
  buildVmManifest,
  manifestYaml,
  randomVmName,
  type VmManifestOptions,
} from './build-vm-manifest.ts';

const defaults: VmManifestOptions = {
  name: 'vm1',
  runStrategy: 'Always',
  memory: '512Mi',
  terminationGracePeriodSeconds: 180,
  containerDisks: [],
};

describe('buildVmManifest', () => {
  it("prints virtctl create vm's shape for an image", () => {
    const yaml = manifestYaml(
      buildVmManifest({ ...defaults, containerDisks: ['src:quay.io/containerdisks/fedora:41'] }),
    );
    expect(yaml).toBe(`apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  creationTimestamp: null
  name: vm1
spec:
  runStrategy: Always
  template:
    metadata:
      creationTimestamp: null
    spec:
      domain:
        devices: {}
        memory:
          guest: 512Mi
        resources: {}
      terminationGracePeriodSeconds: 180
      volumes:
      - containerDisk:
          image: quay.io/containerdisks/fedora:41
        name: vm1-containerdisk-0
status: {}
`);
  });

  it('adds cloud-init user data base64-encoded on a cloudinitdisk NoCloud volume', () => {
    const manifest = buildVmManifest({
      ...defaults,
      namespace: 'team-a',
      runStrategy: 'Manual',
      memory: '2Gi',
      terminationGracePeriodSeconds: 0,
      containerDisks: ['src:img:1,name:root', 'img:2'],
      cloudInitUserData: '#cloud-config\npassword: x\n',
    });
    expect(manifest).toMatchObject({
      metadata: { name: 'vm1', namespace: 'team-a' },
      spec: {
        runStrategy: 'Manual',
        template: {
          spec: {
            domain: { memory: { guest: '2Gi' } },
            terminationGracePeriodSeconds: 0,
            volumes: [
              { name: 'root', containerDisk: { image: 'img:1' } },
              { name: 'vm1-containerdisk-1', containerDisk: { image: 'img:2' } },
              {
                name: 'cloudinitdisk',
                cloudInitNoCloud: {
                  userDataBase64: Buffer.from('#cloud-config\npassword: x\n').toString('base64'),
                },
              },
            ],
          },
        },
      },
    });
  });

  it.each([
    [{ runStrategy: 'Sometimes' }, '"--run-strategy"'],
    [{ memory: 'lots' }, '"--memory"'],
    [{ name: 'Bad_Name' }, '"--name"'],
    [{ terminationGracePeriodSeconds: -1 }, '"--termination-grace-period"'],
    [{ containerDisks: ['src:a,name:x', 'src:b,name:x'] }, "already a volume with name 'x'"],
    [{ containerDisks: ['src:a,size:1Gi'] }, 'unknown param(s): size'],
    [{ containerDisks: ['name:x'] }, 'src must be specified'],
  ])('refuses %j naming the flag', (override, message) => {
    expect(() => buildVmManifest({ ...defaults, ...override })).toThrow(message);
  });
});

describe('randomVmName', () => {
  it('is vm- and five characters of the alphabet virtctl uses', () => {
    expect(randomVmName()).toMatch(/^vm-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(randomVmName(() => 0)).toBe('vm-bbbbb');
  });
});
