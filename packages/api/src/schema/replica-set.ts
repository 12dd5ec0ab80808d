/** VirtualMachineInstanceReplicaSet spec and status. */
import { conditionObject, labelSelector } from './core.ts';
import { array, boolean, define, integer, object, ref, string } from './dsl.ts';
import { virtualMachineInstanceTemplateSpec } from './vmi-spec.ts';

export const virtualMachineInstanceReplicaSetSpec = define(
  'VirtualMachineInstanceReplicaSetSpec',
  object(
    {
      replicas: integer({ format: 'int32', description: 'Number of VMIs to run. Defaults to 1.' }),
      selector: ref(labelSelector, {
        description: 'Selects the VMIs the replica set owns; must match the template labels.',
      }),
      template: ref(virtualMachineInstanceTemplateSpec, {
        description: 'The VMIs to create.',
      }),
      paused: boolean({ description: 'Stop creating and deleting VMIs while true.' }),
    },
    { required: ['selector', 'template'], description: 'The desired state of a VMI replica set.' },
  ),
);

export const virtualMachineInstanceReplicaSetStatus = define(
  'VirtualMachineInstanceReplicaSetStatus',
  object(
    {
      replicas: integer({ format: 'int32', description: 'Number of VMIs that exist.' }),
      readyReplicas: integer({ format: 'int32', description: 'Number of ready VMIs.' }),
      labelSelector: string({
        description: 'The selector as a string, for the scale subresource.',
      }),
      conditions: array(
        conditionObject('A condition of the replica set: ReplicaFailure, ReplicaPaused.'),
        { description: 'Conditions of the replica set.' },
      ),
    },
    { description: 'The observed state of a VMI replica set.' },
  ),
);
