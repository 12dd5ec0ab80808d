import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VirtualMachineInstance } from '@podvisor/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainInput } from './domain-input.ts';
import { domainXml } from './domain-xml.ts';
import { testDomainInput, testVmi } from './test-domain-input.ts';

// Real libvirt parts, no daemon: virt-xml-validate (libvirt-clients + xmllint from
// libxml2-utils) checks the RelaxNG schema; `virsh -c test:///default define` runs libvirt's own
// domain parser in-process.
const run = promisify(execFile);
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podvisor-domain-xml-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(name: string, xml: string): Promise<string> {
  const file = join(dir, `${name}.xml`);
  await writeFile(file, xml);
  return file;
}

/** virt-xml-validate's verdict: exit status 0 and "validates", or its complaint. */
async function validate(file: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('virt-xml-validate', [file, 'domain']);
    return `${stdout}${stderr}`.trim();
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    return `INVALID: ${failed.stderr ?? ''}${failed.stdout ?? ''}${failed.message}`;
  }
}

function variant(patch: (vmi: VirtualMachineInstance, input: DomainInput) => DomainInput): string {
  const vmi = structuredClone(testVmi());
  return domainXml(patch(vmi, testDomainInput(vmi)));
}

const variants: [string, string, boolean][] = [
  ['default-passt', variant((_v, i) => i), false],
  [
    'slirp-port-forwards',
    variant((v, i) => {
      v.spec.domain.devices.interfaces = [
        {
          name: 'default',
          masquerade: {},
          macAddress: '02:00:00:00:00:01',
          ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }],
        },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
      return { ...i, network: { backend: 'slirp', ip: '10.244.0.7' } };
    }),
    true,
  ],
  [
    'passt-socket',
    variant((_v, i) => ({
      ...i,
      network: { backend: 'passt-socket', socket: '/run/vm/passt.sock' },
    })),
    true,
  ],
  [
    'tiny-kernel-cloud-init-every-bus-headless',
    variant((v, i) => {
      v.spec.domain.machine = { type: 'pc' };
      v.spec.domain.firmware = {
        kernelBoot: { kernelArgs: 'console=ttyS0 panic=-1 quiet' },
        serial: 'podvisor-1',
      };
      v.spec.domain.devices = {
        autoattachGraphicsDevice: false,
        disks: [
          { name: 'boot' },
          { name: 'cloudinit', cdrom: { bus: 'sata' }, bootOrder: 2 },
          { name: 'data', disk: { bus: 'scsi' }, serial: 'DATA1', cache: 'none', io: 'native' },
          { name: 'usb', disk: { bus: 'usb', readonly: true } },
          { name: 'scratch', disk: { bus: 'virtio' }, bootOrder: 1 },
        ],
      };
      v.spec.volumes = ['boot', 'cloudinit', 'data', 'usb', 'scratch'].map((name) => ({ name }));
      return {
        ...i,
        network: { backend: 'slirp' },
        disks: {
          boot: {
            kind: 'kernel',
            kernel: '/images/tiny/vmlinuz',
            initrd: '/images/tiny/initrd.gz',
          },
          cloudinit: { kind: 'iso', path: '/run/vm/noCloud.iso' },
          data: { kind: 'file', path: '/pvc/data/disk.img', format: 'raw' },
          usb: { kind: 'file', path: '/run/vm/usb.qcow2', format: 'qcow2' },
          scratch: { kind: 'file', path: '/run/vm/empty.qcow2', format: 'qcow2' },
        },
      };
    }),
    true,
  ],
  [
    'kvm-host-model-features-balloon-inputs',
    variant((v, i) => {
      v.spec.domain.cpu = { model: 'host-model', sockets: 1, cores: 2, threads: 2 };
      v.spec.domain.features = { acpi: {}, apic: {}, smm: { enabled: true } };
      v.spec.domain.firmware = { uuid: '5e6f0000-1111-4222-8333-444455556666' };
      v.spec.domain.memory = { guest: '2Gi' };
      v.spec.domain.devices.autoattachMemBalloon = true;
      v.spec.domain.devices.logSerialConsole = false;
      v.spec.domain.devices.video = { type: 'virtio' };
      v.spec.domain.devices.inputs = [{ name: 'kbd', type: 'keyboard', bus: 'virtio' }];
      return { ...i, accel: 'kvm', network: { backend: 'slirp' } };
    }),
    true,
  ],
];

describe('domainXml against the real libvirt 9.0 schema', () => {
  it.each(variants)('%s validates with virt-xml-validate', async (name, xml) => {
    expect(await validate(await saved(name, xml))).toMatch(/validates$/);
  });

  it.each(variants.filter(([, , parsable]) => parsable))(
    '%s is accepted by libvirt’s own domain parser',
    async (name, xml) => {
      const file = await saved(`${name}-virsh`, xml);
      const { stdout } = await run('virsh', ['-c', 'test:///default', 'define', file]);
      expect(stdout).toContain(`Domain 'ns1_vm1' defined`);
    },
  );

  it('reports a schema violation (the check can fail)', async () => {
    const broken = (variants[0]?.[1] ?? '').replace(
      "<panic model='isa'/>",
      "<panic model='bogus'/>",
    );
    expect(await validate(await saved('broken', broken))).toMatch(/^INVALID/);
  });
});
