import type { Firmware } from '@podvisor/api';
import { DomainConversionError } from './domain-conversion-error.ts';
import type { ResolvedKernel } from './domain-input.ts';
import type { LibvirtKernelBoot } from './libvirt-domain.ts';

const kernelBootField = 'spec.domain.firmware.kernelBoot';
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f]/;

/** Inputs of `kernelBootFor`. */
export interface KernelBootSources {
  readonly firmware: Firmware | undefined;
  /** A disk volume that resolved to a kernel (a containerDisk of the `tiny` image). */
  readonly volume: { readonly field: string; readonly kernel: ResolvedKernel } | undefined;
  /** What `firmware.kernelBoot.container` resolved to, or the boot files of a catalog disk. */
  readonly container: ResolvedKernel | undefined;
}

function kernelSource(sources: KernelBootSources): ResolvedKernel | undefined {
  const { firmware, volume, container } = sources;
  // Without kernelBoot.container, `container` is the boot files a catalog disk carries (a built
  // disk with no bootloader, such as podvisor.local/debian).
  if (firmware?.kernelBoot?.container === undefined) return volume?.kernel ?? container;
  if (container === undefined) {
    throw new DomainConversionError(
      `${kernelBootField}.container.image`,
      'the kernel image was not resolved',
    );
  }
  if (volume !== undefined) {
    throw new DomainConversionError(
      volume.field,
      `holds a kernel, which conflicts with ${kernelBootField}.container`,
    );
  }
  return container;
}

function kernelArgs(firmware: Firmware | undefined): string | undefined {
  const args = firmware?.kernelBoot?.kernelArgs;
  if (args === undefined || args === '') return undefined;
  if (controlCharacter.test(args)) {
    throw new DomainConversionError(
      `${kernelBootField}.kernelArgs`,
      'must not contain control characters',
    );
  }
  return args;
}

/**
 * Direct kernel boot (`<os><kernel>/<initrd>/<cmdline>`) from `firmware.kernelBoot.container`
 * or from a disk volume that resolved to a kernel. `kernelBoot.kernelArgs` replaces the image's
 * default command line. Undefined when the guest boots from its disks.
 */
export function kernelBootFor(sources: KernelBootSources): LibvirtKernelBoot | undefined {
  const source = kernelSource(sources);
  const args = kernelArgs(sources.firmware);
  if (source === undefined) {
    if (args !== undefined) {
      throw new DomainConversionError(
        `${kernelBootField}.kernelArgs`,
        'there is no kernel to pass them to (set kernelBoot.container or use a kernel containerDisk)',
      );
    }
    return undefined;
  }
  const cmdline = args ?? source.cmdline;
  return {
    kernel: source.kernel,
    ...(source.initrd === undefined ? {} : { initrd: source.initrd }),
    ...(cmdline === undefined || cmdline === '' ? {} : { cmdline }),
  };
}
