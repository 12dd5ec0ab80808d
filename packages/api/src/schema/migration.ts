/** VirtualMachineInstanceMigration spec and status. */
import { stringMap } from './core.ts';
import { array, define, defineEnum, object, ref, string, timestamp } from './dsl.ts';
import { virtualMachineInstanceMigrationState } from './status.ts';

export const virtualMachineInstanceMigrationPhase = defineEnum(
  'VirtualMachineInstanceMigrationPhase',
  [
    'Pending',
    'Scheduling',
    'Scheduled',
    'PreparingTarget',
    'TargetReady',
    'Running',
    'Succeeded',
    'Failed',
  ],
  'The phase of a migration.',
);

export const virtualMachineInstanceMigrationSpec = define(
  'VirtualMachineInstanceMigrationSpec',
  object(
    {
      vmiName: string({
        description: 'Name of the VMI to migrate, in the namespace of the migration.',
      }),
      addedNodeSelector: stringMap(
        'Extra node labels the target node must have, on top of the VMI node selector.',
      ),
    },
    { required: ['vmiName'], description: 'Which VMI to migrate.' },
  ),
);

export const virtualMachineInstanceMigrationStatus = define(
  'VirtualMachineInstanceMigrationStatus',
  object(
    {
      phase: ref(virtualMachineInstanceMigrationPhase, {
        description:
          'Phase: Pending, Scheduling (target pod created), Scheduled, PreparingTarget, TargetReady, Running (memory is being copied), Succeeded or Failed.',
      }),
      phaseTransitionTimestamps: array(
        object(
          {
            phase: ref(virtualMachineInstanceMigrationPhase, { description: 'The phase entered.' }),
            phaseTransitionTimestamp: timestamp('When the phase was entered.'),
          },
          { description: 'When the migration entered a phase.' },
        ),
        { description: 'When the migration entered each phase.' },
      ),
      migrationState: ref(virtualMachineInstanceMigrationState, {
        description: 'The detailed state of the migration.',
      }),
    },
    { description: 'The observed state of a migration.' },
  ),
);
