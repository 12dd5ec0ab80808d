import { describe, expect, it } from 'vitest';
import { domainSpecFor } from './domain-spec-for.ts';
import type { LibvirtDomain } from './libvirt-domain.ts';
import { qemuNamespace, renderDomainXml } from './render-domain-xml.ts';
import { testDomainInput, testVmDir, testVmi } from './test-domain-input.ts';

const base: LibvirtDomain = domainSpecFor(testDomainInput());

const headless: LibvirtDomain = (() => {
  const vmi = testVmi();
  vmi.spec.domain.devices.autoattachGraphicsDevice = false;
  vmi.spec.domain.devices.autoattachSerialConsole = false;
  return domainSpecFor(testDomainInput(vmi));
})();

/** Rendered XML with whitespace between tags removed, so snippets can span lines. */
function flat(domain: LibvirtDomain): string {
  return renderDomainXml(domain).replace(/>\s+</g, '><');
}

describe('renderDomainXml', () => {
  it('renders the default domain', () => {
    const xml = flat(base);
    expect(xml.startsWith("<domain type='qemu'><name>ns1_vm1</name>")).toBe(true);
    for (const snippet of [
      '<uuid>6a1b2c3d-0000-4000-8000-000000000001</uuid>',
      "<memory unit='KiB'>131072</memory>",
      "<vcpu placement='static'>1</vcpu>",
      "<os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>",
      '<features><acpi/></features>',
      "<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>qemu64</model><topology sockets='1' dies='1' cores='1' threads='1'/></cpu>",
      '<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>',
      `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${testVmDir}/rootdisk.qcow2'/><target dev='vda' bus='virtio'/><alias name='ua-rootdisk'/></disk>`,
      "<controller type='usb' index='0' model='qemu-xhci'/>",
      "<interface type='user'><portForward proto='tcp' address='10.244.0.7'/><portForward proto='udp' address='10.244.0.7'/><model type='virtio'/><backend type='passt'/><rom enabled='no'/><alias name='ua-default'/></interface>",
      `<serial type='unix'><source mode='bind' path='${testVmDir}/serial.sock'/><log file='${testVmDir}/serial.log' append='on'/><target port='0'/></serial>`,
      `<console type='unix'><source mode='bind' path='${testVmDir}/serial.sock'/><target type='serial' port='0'/></console>`,
      `<channel type='unix'><source mode='bind' path='${testVmDir}/qga.sock'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>`,
      "<input type='tablet' bus='usb'/>",
      `<graphics type='vnc' sharePolicy='ignore'><listen type='socket' socket='${testVmDir}/vnc.sock'/></graphics>`,
      `<graphics type='spice'><listen type='socket' socket='${testVmDir}/spice.sock'/></graphics>`,
      "<video><model type='vga' heads='1' primary='yes'/></video>",
      "<memballoon model='none'/>",
      "<panic model='isa'/>",
    ]) {
      expect(xml).toContain(snippet);
    }
    expect(xml).not.toContain('qemu:commandline');
  });

  it.each<[string, Partial<LibvirtDomain>, string[], string[]]>([
    [
      'direct kernel boot',
      {
        kernelBoot: {
          kernel: '/k/vmlinuz',
          initrd: '/k/initrd.gz',
          cmdline: 'console=ttyS0 a<b&c',
        },
      },
      [
        '<kernel>/k/vmlinuz</kernel><initrd>/k/initrd.gz</initrd><cmdline>console=ttyS0 a&lt;b&amp;c</cmdline>',
      ],
      [],
    ],
    [
      'an SMBIOS serial',
      { smbiosSerial: "it's <1>" },
      [
        "<sysinfo type='smbios'><system><entry name='serial'>it's &lt;1&gt;</entry></system></sysinfo>",
        "<smbios mode='sysinfo'/>",
      ],
      [],
    ],
    [
      'KVM with host-model',
      { type: 'kvm', cpu: { mode: 'host-model' } },
      ["<domain type='kvm'>", "<cpu mode='host-model'><topology"],
      ['qemu64'],
    ],
    [
      'features off and SMM',
      { features: { acpi: false, apic: true, smm: false } },
      ["<features><apic/><smm state='off'/></features>"],
      ['<acpi/>'],
    ],
    [
      'a read-only cdrom with boot order, serial, cache and io',
      {
        disks: [
          {
            alias: 'ua-cd',
            device: 'cdrom',
            source: '/ci.iso',
            format: 'raw',
            target: 'sda',
            bus: 'sata',
            readonly: true,
            bootOrder: 2,
            serial: 'CD 1',
            cache: 'none',
            io: 'native',
          },
        ],
      },
      [
        "<disk type='file' device='cdrom'><driver name='qemu' type='raw' cache='none' io='native'/><source file='/ci.iso'/><target dev='sda' bus='sata'/><readonly/><serial>CD 1</serial><boot order='2'/><alias name='ua-cd'/></disk>",
      ],
      [],
    ],
    [
      'a passt NIC with MAC, port ranges and boot order',
      {
        interfaces: [
          {
            alias: 'ua-net',
            backend: 'passt',
            model: 'e1000',
            mac: '02:00:00:00:00:01',
            bootOrder: 1,
            portForwards: [{ proto: 'tcp', address: '10.0.0.7', ports: [8080, 22, 8081] }],
          },
        ],
      },
      [
        "<interface type='user'><mac address='02:00:00:00:00:01'/><portForward proto='tcp' address='10.0.0.7'><range start='22'/><range start='8080' end='8081'/></portForward><model type='e1000'/><backend type='passt'/><boot order='1'/><alias name='ua-net'/></interface>",
      ],
      ['<rom'],
    ],
    [
      'a slirp NIC without forwards as a plain user interface',
      { interfaces: [{ alias: 'ua-n', backend: 'slirp', model: 'virtio', portForwards: [] }] },
      [
        "<interface type='user'><model type='virtio'/><rom enabled='no'/><alias name='ua-n'/></interface>",
      ],
      ['<backend', 'qemu:commandline'],
    ],
    [
      'a slirp NIC with forwards on the QEMU command line',
      {
        interfaces: [
          {
            alias: 'ua-n',
            backend: 'slirp',
            model: 'virtio',
            portForwards: [{ proto: 'tcp', ports: [80] }],
          },
        ],
      },
      [
        `<domain type='qemu' xmlns:qemu='${qemuNamespace}'>`,
        "<qemu:commandline><qemu:arg value='-netdev'/><qemu:arg value='user,id=ua-n,hostfwd=tcp::80-:80'/><qemu:arg value='-device'/>",
        `<qemu:arg value='{"driver":"virtio-net-pci","netdev":"ua-n","id":"ua-n-nic","romfile":""}'/></qemu:commandline></domain>`,
      ],
      ['<interface'],
    ],
    [
      'a virtio memballoon with statistics',
      { memBalloon: true },
      ["<memballoon model='virtio'><stats period='10'/></memballoon>"],
      [],
    ],
  ])('renders %s', (_name, change, present, absent) => {
    const xml = flat({ ...base, ...change });
    for (const snippet of present) expect(xml).toContain(snippet);
    for (const snippet of absent) expect(xml).not.toContain(snippet);
  });

  it('renders no serial console, graphics, tablet or USB controller when not asked', () => {
    const xml = flat(headless);
    expect(xml).toContain("<controller type='usb' index='0' model='none'/>");
    for (const tag of ['<serial', '<console', '<graphics', '<video', '<input']) {
      expect(xml).not.toContain(tag);
    }
  });

  it('escapes quotes and markup in attribute values', () => {
    const xml = flat({
      ...base,
      disks: [{ ...(base.disks[0] ?? fail()), source: `/d/it's <a&b>.img` }],
    });
    expect(xml).toContain("<source file='/d/it&apos;s &lt;a&amp;b&gt;.img'/>");
  });
});

function fail(): never {
  throw new Error('the base domain has no disk');
}
