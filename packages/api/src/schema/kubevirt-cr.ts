/** The KubeVirt install CR: cluster-wide configuration of Podvisor. */
import { conditionObject } from './core.ts';
import {
  array,
  boolean,
  define,
  defineEnum,
  integer,
  object,
  quantity,
  ref,
  string,
} from './dsl.ts';
import { evictionStrategy } from './vmi-spec.ts';

export const developerConfiguration = define(
  'DeveloperConfiguration',
  object(
    {
      useEmulation: boolean({
        description: 'Run guests with software emulation (TCG) when KVM is not available.',
      }),
      featureGates: array(string(), { description: 'Feature gates to enable, such as HostDisk.' }),
      memoryOvercommit: integer({
        description: 'Guest memory as a percentage of the memory request. Defaults to 100.',
      }),
      cpuAllocationRatio: integer({
        description:
          'vCPUs per requested physical CPU: the CPU request is 1/ratio per vCPU. Defaults to 10.',
      }),
    },
    { description: 'Developer and testing settings.' },
  ),
);

export const migrationConfiguration = define(
  'MigrationConfiguration',
  object(
    {
      parallelMigrationsPerCluster: integer({
        description: 'Concurrent migrations in the cluster. Defaults to 5.',
      }),
      parallelOutboundMigrationsPerNode: integer({
        description: 'Concurrent outbound migrations per node. Defaults to 2.',
      }),
      bandwidthPerMigration: quantity(
        'Bandwidth limit of each migration, such as 64Mi. 0 is unlimited.',
      ),
      completionTimeoutPerGiB: integer({
        format: 'int64',
        description:
          'Seconds per GiB of guest memory after which a migration is cancelled. Defaults to 150.',
      }),
      progressTimeout: integer({
        format: 'int64',
        description:
          'Seconds without progress after which a migration is cancelled. Defaults to 150.',
      }),
      allowAutoConverge: boolean({
        description: 'Throttle the guest CPU to let migrations converge.',
      }),
      allowPostCopy: boolean({
        description: 'Switch to post-copy when pre-copy does not converge.',
      }),
    },
    { description: 'Live migration settings.' },
  ),
);

export const kubeVirtConfiguration = define(
  'KubeVirtConfiguration',
  object(
    {
      developerConfiguration: ref(developerConfiguration, { description: 'Developer settings.' }),
      migrations: ref(migrationConfiguration, { description: 'Live migration settings.' }),
      evictionStrategy: ref(evictionStrategy, {
        description: 'The eviction strategy of VMIs that set none. Defaults to None.',
      }),
      machineType: string({ description: 'Default machine type of guests. Defaults to q35.' }),
      imagePullPolicy: string({
        description: 'Pull policy of the component images: Always, IfNotPresent or Never.',
      }),
    },
    { description: 'Cluster-wide configuration.' },
  ),
);

export const kubeVirtSpec = define(
  'KubeVirtSpec',
  object(
    {
      configuration: ref(kubeVirtConfiguration, { description: 'Cluster-wide configuration.' }),
      imageTag: string({ description: 'Tag of the component images.' }),
      imageRegistry: string({ description: 'Registry of the component images.' }),
    },
    { description: 'The desired installation.' },
  ),
);

export const kubeVirtPhase = defineEnum(
  'KubeVirtPhase',
  ['', 'Deploying', 'Deployed', 'Deleting', 'Deleted'],
  'The phase of the installation.',
);

export const kubeVirtStatus = define(
  'KubeVirtStatus',
  object(
    {
      phase: ref(kubeVirtPhase, {
        description: 'Phase of the installation: Deploying, Deployed, Deleting or Deleted.',
      }),
      conditions: array(
        conditionObject('Available, Progressing, Degraded, Created or Synchronized.'),
        {
          description: 'Conditions of the installation.',
        },
      ),
      observedKubeVirtVersion: string({ description: 'The version installed.' }),
    },
    { description: 'The observed state of the installation.' },
  ),
);
