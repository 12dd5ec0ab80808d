export { type FieldError, type FieldErrorType } from './field-error.ts';
export { validateMigrationCreate, validateMigrationUpdate } from './validate-migration.ts';
export { validateVirtualMachineInstanceReplicaSet } from './validate-replica-set.ts';
export { validateVirtualMachine } from './validate-virtual-machine.ts';
export {
  type VirtualMachineInstanceUpdate,
  validateVirtualMachineInstanceCreate,
  validateVirtualMachineInstanceUpdate,
} from './validate-virtual-machine-instance.ts';
export {
  formatBytes,
  parseMilliQuantity,
  parseQuantity,
  quantitySyntaxMessage,
} from './parse-quantity.ts';
export {
  defaultVmNetworkCidr,
  vmNetworkAddresses,
  type VmNetworkAddresses,
} from './vm-network-cidr.ts';
