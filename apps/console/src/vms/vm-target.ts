import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';

/** A VM an action may be run on, with its VMI (if one exists). */
export interface VmTarget {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}
