/** Devices of a VMI (`spec.domain.devices`): disks, network interfaces, inputs and friends. */
import { array, boolean, define, integer, marker, object, ref, string } from './dsl.ts';

const bus = string({ description: 'Bus of the device: virtio (the default), sata, scsi or usb.' });
const readonlyFlag = boolean({ description: 'Present the device read-only to the guest.' });

export const diskTarget = define(
  'DiskTarget',
  object(
    {
      bus,
      readonly: readonlyFlag,
      pciAddress: string({ description: 'PCI address, e.g. 0000:81:01.10.' }),
    },
    { description: 'Attach the volume as a regular disk.' },
  ),
);

export const lunTarget = define(
  'LunTarget',
  object(
    {
      bus,
      readonly: readonlyFlag,
      reservation: boolean({ description: 'Pass SCSI persistent reservations to the LUN.' }),
    },
    { description: 'Attach the volume as a SCSI LUN.' },
  ),
);

export const cdromTarget = define(
  'CDRomTarget',
  object(
    {
      bus,
      readonly: boolean({
        description: 'Read-only; CD-ROMs are always read-only. Defaults to true.',
      }),
      tray: string({ description: 'Tray state: open or closed (the default).' }),
    },
    { description: 'Attach the volume as a CD-ROM.' },
  ),
);

export const disk = define(
  'Disk',
  object(
    {
      name: string({ description: 'Name of the disk; must match the name of a volume.' }),
      disk: ref(diskTarget, { description: 'Attach the volume as a disk.' }),
      lun: ref(lunTarget, { description: 'Attach the volume as a LUN.' }),
      cdrom: ref(cdromTarget, { description: 'Attach the volume as a CD-ROM.' }),
      bootOrder: integer({
        description:
          'Boot priority: lower numbers boot first; devices without one are not bootable when any device has one.',
      }),
      serial: string({ description: 'Serial number shown to the guest.' }),
      cache: string({
        description: 'Host cache mode: none, writethrough or writeback.',
      }),
      io: string({
        description: 'Host I/O mode: native or threads.',
      }),
      dedicatedIOThread: boolean({ description: 'Give the disk its own I/O thread.' }),
      shareable: boolean({ description: 'The disk may be shared between VMIs.' }),
    },
    {
      required: ['name'],
      description: 'A disk of the guest; it takes its data from the volume of the same name.',
    },
  ),
);

const port = define(
  'Port',
  object(
    {
      name: string({ description: 'Name of the port.' }),
      protocol: string({
        description: 'Protocol: TCP (the default) or UDP.',
      }),
      port: integer({ format: 'int32', description: 'Port number to forward to the guest.' }),
    },
    { required: ['port'], description: 'A port forwarded to the guest.' },
  ),
);

export const networkInterface = define(
  'Interface',
  object(
    {
      name: string({ description: 'Name of the interface; must match the name of a network.' }),
      model: string({
        description: 'Device model: virtio (the default), e1000, e1000e, igb, rtl8139, ...',
      }),
      macAddress: string({ description: 'MAC address, such as de:ad:00:00:be:af.' }),
      ports: array(ref(port), {
        description:
          'Ports forwarded to the guest (masquerade only). Without ports every port is forwarded.',
      }),
      bootOrder: integer({ description: 'Boot priority; lower boots first (PXE).' }),
      pciAddress: string({ description: 'PCI address, e.g. 0000:81:01.10.' }),
      masquerade: marker(
        'Connect through NAT behind the pod IP (recommended for the pod network; live-migratable).',
      ),
      bridge: marker('Bridge the guest to the pod network; the guest takes the pod IP over DHCP.'),
      passtBinding: marker('Connect with passt: user-mode networking that keeps the pod IP.'),
    },
    {
      required: ['name'],
      description:
        'A network interface of the guest; exactly one binding (masquerade, bridge, passtBinding).',
    },
  ),
);

export const input = define(
  'Input',
  object(
    {
      name: string({ description: 'Name of the input device.' }),
      type: string({
        description: 'Kind of device: tablet, keyboard or mouse.',
      }),
      bus: string({ description: 'Bus: usb or virtio.' }),
    },
    { required: ['name', 'type'], description: 'A pointing or keyboard device.' },
  ),
);

const autoattach = (description: string) => boolean({ description });

export const devices = define(
  'Devices',
  object(
    {
      disks: array(ref(disk), { description: 'Disks, CD-ROMs and LUNs of the guest.' }),
      interfaces: array(ref(networkInterface), {
        description: 'Network interfaces. Defaults to one masquerade interface on the pod network.',
      }),
      inputs: array(ref(input), { description: 'Input devices: tablet, keyboard, mouse.' }),
      autoattachPodInterface: autoattach(
        'Add a default interface on the pod network when none is listed. Defaults to true.',
      ),
      autoattachGraphicsDevice: autoattach('Attach a graphics device (VNC). Defaults to true.'),
      autoattachSerialConsole: autoattach('Attach a serial console. Defaults to true.'),
      autoattachMemBalloon: autoattach('Attach a memory balloon device. Defaults to true.'),
      autoattachInputDevice: autoattach('Attach a tablet input device. Defaults to false.'),
      logSerialConsole: autoattach('Log the serial console output to the pod log.'),
      rng: marker('Give the guest a virtio random number generator fed by the host.'),
      video: object(
        { type: string({ description: 'Video device type: vga, bochs, virtio or ramfb.' }) },
        { description: 'The video device, when the graphics device is attached.' },
      ),
    },
    { description: 'Devices of the guest.' },
  ),
);
