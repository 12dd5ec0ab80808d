import { DomainConversionError } from './domain-conversion-error.ts';

/**
 * The QEMU 7.2 (Debian 12) versioned names of the machine-type aliases. A VMI's machine type
 * must not drift between the source and the target of a migration, and an alias resolves to
 * whatever the newest machine of the installed QEMU is. So aliases map to fixed names here;
 * `q35` stays KubeVirt's default (the defaulting webhook writes it); `pc` is i440fx, which
 * feasibility-virt.md §9 measured for direct QEMU and which boots a little lighter under TCG.
 */
export const machineTypeAliases: Readonly<Record<string, string>> = {
  q35: 'pc-q35-7.2',
  pc: 'pc-i440fx-7.2',
};

/** KubeVirt's default when the spec has no machine type. */
export const defaultMachineType = 'q35';

const machineName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The machine type for `spec.domain.machine.type`: aliases mapped, versioned names kept. */
export function machineTypeFor(type: string | undefined): string {
  const requested = type === undefined || type === '' ? defaultMachineType : type;
  if (!machineName.test(requested)) {
    throw new DomainConversionError(
      'spec.domain.machine.type',
      `'${requested}' is not a machine type name`,
    );
  }
  return machineTypeAliases[requested] ?? requested;
}
