import type { VirtualMachine, VirtualMachineRunStrategy } from '@podvisor/api';

/**
 * The run strategy a VM follows: `spec.runStrategy`, else the deprecated `spec.running`
 * (true is Always, false is Halted), else Halted.
 */
export function runStrategyOf(vm: VirtualMachine): VirtualMachineRunStrategy {
  if (vm.spec.runStrategy !== undefined) return vm.spec.runStrategy;
  // The deprecated field, read untyped so that its deprecation does not spread.
  const { running } = vm.spec as { running?: unknown };
  return running === true ? 'Always' : 'Halted';
}

/** Run strategies under which a failed start is retried with crash-loop backoff. */
export const backoffRunStrategies: ReadonlySet<VirtualMachineRunStrategy> = new Set([
  'Always',
  'RerunOnFailure',
  'Once',
]);
