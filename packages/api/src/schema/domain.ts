/** The virtual hardware of a VMI (`spec.domain`), except the devices. */
import { devices } from './devices.ts';
import {
  boolean,
  define,
  integer,
  map,
  object,
  preserveUnknown,
  quantity,
  ref,
  string,
} from './dsl.ts';

export const resourceRequirements = define(
  'ResourceRequirements',
  object(
    {
      requests: map(quantity(), {
        description:
          'Minimum resources the VMI pod asks the scheduler for (memory, cpu). The memory request is the guest memory when domain.memory.guest is unset.',
      }),
      limits: map(quantity(), {
        description: 'Maximum resources the VMI pod may use (memory, cpu).',
      }),
      overcommitGuestOverhead: boolean({
        description:
          "Don't ask the scheduler for the memory overhead of the virtualization infrastructure on top of the requested memory. The guest may then be killed under memory pressure.",
      }),
    },
    { description: 'Compute resources of the VMI pod.' },
  ),
);

export const cpu = define(
  'CPU',
  object(
    {
      cores: integer({
        format: 'int64',
        description: 'Number of cores in each socket. Defaults to 1.',
      }),
      sockets: integer({ format: 'int64', description: 'Number of sockets. Defaults to 1.' }),
      threads: integer({
        format: 'int64',
        description: 'Number of threads in each core. Defaults to 1.',
      }),
      maxSockets: integer({
        format: 'int64',
        description: 'The most sockets the guest can grow to with CPU hotplug.',
      }),
      model: string({
        description:
          'CPU model: host-model (the default), host-passthrough, or a named libvirt model such as Skylake-Client. Ignored under software emulation.',
      }),
      dedicatedCpuPlacement: boolean({
        description: 'Pin each vCPU to a dedicated host CPU. Needs a Guaranteed QoS pod.',
      }),
      isolateEmulatorThread: boolean({
        description: 'Give the emulator thread its own host CPU (with dedicatedCpuPlacement).',
      }),
    },
    { description: 'The guest CPU topology and model.' },
  ),
);

export const memory = define(
  'Memory',
  object(
    {
      guest: quantity(
        'Memory visible to the guest. Defaults to the memory request; may be larger than the request when memory overcommit is configured.',
      ),
      maxGuest: quantity('The most memory the guest can grow to with memory hotplug.'),
      hugepages: object(
        { pageSize: string({ description: 'Size of the huge pages, such as 2Mi or 1Gi.' }) },
        { description: 'Back the guest memory with huge pages.' },
      ),
    },
    { description: 'Guest memory.' },
  ),
);

export const machine = define(
  'Machine',
  object(
    {
      type: string({
        description: 'QEMU machine type, such as q35. Defaults to the cluster machine type.',
      }),
    },
    { description: 'The emulated machine.' },
  ),
);

const bootloader = define(
  'Bootloader',
  object(
    {
      bios: object(
        { useSerial: boolean({ description: 'Show BIOS output on the serial console.' }) },
        { description: 'Boot with legacy BIOS (SeaBIOS). The default.' },
      ),
      efi: object(
        {
          secureBoot: boolean({
            description: 'Enable Secure Boot. Requires SMM; defaults to true.',
          }),
          persistent: boolean({ description: 'Keep the EFI variables across restarts.' }),
        },
        { description: 'Boot with UEFI (OVMF).' },
      ),
    },
    { description: 'The firmware that boots the guest: bios or efi.' },
  ),
);

export const kernelBootContainer = define(
  'KernelBootContainer',
  object(
    {
      image: string({ description: 'Container image holding the kernel and initrd.' }),
      imagePullPolicy: string({
        description:
          'When to pull the image: Always, IfNotPresent or Never. Defaults to IfNotPresent, or Always for :latest.',
      }),
      imagePullSecret: string({ description: 'Name of the Secret used to pull the image.' }),
      kernelPath: string({ description: 'Absolute path of the kernel in the image.' }),
      initrdPath: string({ description: 'Absolute path of the initrd in the image.' }),
    },
    { required: ['image'], description: 'The image the kernel and initrd are taken from.' },
  ),
);

export const kernelBoot = define(
  'KernelBoot',
  object(
    {
      kernelArgs: string({ description: 'Kernel command line; only with a kernel.' }),
      container: ref(kernelBootContainer, {
        description: 'Container image that holds the kernel and initrd.',
      }),
    },
    { description: 'Direct kernel boot: start a kernel and initrd without a bootloader.' },
  ),
);

export const firmware = define(
  'Firmware',
  object(
    {
      uuid: string({
        description: 'The SMBIOS system UUID. Defaults to a value derived from the VM name.',
      }),
      serial: string({ description: 'The SMBIOS system serial number.' }),
      bootloader: ref(bootloader, { description: 'BIOS or EFI. Defaults to BIOS.' }),
      kernelBoot: ref(kernelBoot, {
        description: 'Boot a kernel directly from a container image.',
      }),
    },
    { description: 'Firmware of the guest.' },
  ),
);

const featureState = (description: string) =>
  object(
    { enabled: boolean({ description: 'Whether the feature is on. Defaults to true.' }) },
    { description },
  );

export const features = define(
  'Features',
  object(
    {
      acpi: featureState('ACPI (power button shutdown). On by default.'),
      apic: object(
        {
          enabled: boolean({ description: 'Whether the APIC is on. Defaults to true.' }),
          endOfInterrupt: boolean({
            description: 'Enable end-of-interrupt broadcast suppression.',
          }),
        },
        { description: 'The APIC.' },
      ),
      smm: featureState('System Management Mode, needed for EFI Secure Boot.'),
    },
    { description: 'Hypervisor features exposed to the guest.' },
  ),
);

export const clock = define(
  'Clock',
  object(
    {
      utc: object(
        {
          offsetSeconds: integer({ description: 'Offset of the guest clock from UTC in seconds.' }),
        },
        { description: 'Guest clock in UTC, plus an offset.' },
      ),
      timezone: string({ description: 'Guest clock in this time zone, such as Europe/Berlin.' }),
      timer: preserveUnknown('Timer devices (hpet, kvm, pit, rtc, hyperv).'),
    },
    { description: 'The guest clock: utc or timezone.' },
  ),
);

export const domainSpec = define(
  'DomainSpec',
  object(
    {
      resources: ref(resourceRequirements, {
        description: 'Resource requests and limits of the VMI pod.',
      }),
      cpu: ref(cpu, { description: 'CPU topology and model.' }),
      memory: ref(memory, { description: 'Guest memory.' }),
      machine: ref(machine, { description: 'The machine type.' }),
      firmware: ref(firmware, { description: 'Firmware: bootloader, UUID, serial, kernel boot.' }),
      clock: ref(clock, { description: 'The guest clock.' }),
      features: ref(features, { description: 'Hypervisor features: acpi, apic, smm.' }),
      devices: ref(devices, { description: 'Disks, network interfaces and other devices.' }),
    },
    { required: ['devices'], description: 'The virtual hardware of the guest.' },
  ),
);
