import type { VirtualMachineInstance } from '@podvisor/api';

/** The VMI as the launcher needs it: without managedFields. */
export function vmiForLauncher(vmi: VirtualMachineInstance): VirtualMachineInstance {
  const metadata: typeof vmi.metadata & { managedFields?: unknown } = { ...vmi.metadata };
  delete metadata.managedFields;
  return { ...vmi, metadata };
}
