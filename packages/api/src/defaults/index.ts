export { defaultMigration } from './default-migration.ts';
export { defaultVirtualMachine } from './default-virtual-machine.ts';
export { defaultVirtualMachineInstance } from './default-virtual-machine-instance.ts';
