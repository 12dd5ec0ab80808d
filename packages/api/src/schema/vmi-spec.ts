/** The VMI spec (`VirtualMachineInstanceSpec`) and the template VMs and replica sets embed. */
import { affinity, probe, stringMap, toleration } from './core.ts';
import {
  array,
  define,
  defineEnum,
  integer,
  marker,
  metadata,
  object,
  ref,
  string,
} from './dsl.ts';
import { domainSpec } from './domain.ts';
import { network } from './networks.ts';
import { volume } from './volumes.ts';

export const evictionStrategy = defineEnum(
  'EvictionStrategy',
  ['None', 'LiveMigrate', 'LiveMigrateIfPossible', 'External'],
  'What happens to a VMI when its node is drained.',
);

const secretSource = object(
  {
    secret: object(
      { secretName: string({ description: 'Name of the Secret.' }) },
      { required: ['secretName'], description: 'A Secret in the VMI namespace.' },
    ),
  },
  { description: 'Where the credentials come from.' },
);

const guestAgentUsers = object(
  { users: array(string(), { description: 'Guest users whose authorized_keys are written.' }) },
  {
    required: ['users'],
    description: 'Write the keys in the running guest through the guest agent.',
  },
);

export const accessCredential = define(
  'AccessCredential',
  object(
    {
      sshPublicKey: object(
        {
          source: secretSource,
          propagationMethod: object(
            {
              noCloud: marker('Inject the keys with the cloudInitNoCloud volume.'),
              configDrive: marker('Inject the keys with the cloudInitConfigDrive volume.'),
              qemuGuestAgent: guestAgentUsers,
            },
            { description: 'How the keys reach the guest.' },
          ),
        },
        {
          required: ['source', 'propagationMethod'],
          description: 'SSH public keys for the guest.',
        },
      ),
      userPassword: object(
        {
          source: secretSource,
          propagationMethod: object(
            { qemuGuestAgent: marker('Set the passwords through the guest agent.') },
            { description: 'How the passwords reach the guest.' },
          ),
        },
        {
          required: ['source', 'propagationMethod'],
          description: 'User passwords (Secret keys are user names, values passwords).',
        },
      ),
    },
    {
      description:
        'Credentials injected into the guest: exactly one of sshPublicKey or userPassword.',
    },
  ),
);

const schedulingFields = {
  nodeSelector: stringMap('Labels a node must have for the VMI to be scheduled there.'),
  affinity: ref(affinity, { description: 'Scheduling constraints of the VMI pod.' }),
  tolerations: array(ref(toleration), { description: 'Taints the VMI pod tolerates.' }),
  schedulerName: string({ description: 'The scheduler that places the VMI pod.' }),
  priorityClassName: string({ description: 'Priority class of the VMI pod.' }),
  evictionStrategy: ref(evictionStrategy, {
    description:
      'What to do when the node is drained: None (stop the VMI), LiveMigrate (migrate, block the drain until it can), LiveMigrateIfPossible (migrate when migratable, else stop) or External (leave it to an external controller; status.evacuationNodeName is set). Defaults to the cluster setting.',
  }),
};

const guestFields = {
  hostname: string({ description: 'Hostname of the guest. Defaults to the VMI name.' }),
  subdomain: string({
    description:
      'With a headless Service of this name, the guest FQDN is hostname.subdomain.<namespace>.svc.',
  }),
  dnsPolicy: string({
    description:
      'DNS policy of the VMI pod: ClusterFirst (the default), ClusterFirstWithHostNet, Default or None.',
  }),
  livenessProbe: ref(probe, { description: 'The VMI is restarted when this probe fails.' }),
  readinessProbe: ref(probe, { description: 'The VMI is Ready only while this probe succeeds.' }),
  accessCredentials: array(ref(accessCredential), {
    description: 'SSH keys and passwords injected into the guest.',
    maxItems: 256,
  }),
};

export const virtualMachineInstanceSpec = define(
  'VirtualMachineInstanceSpec',
  object(
    {
      domain: ref(domainSpec, { description: 'The virtual hardware of the guest.' }),
      volumes: array(ref(volume), { description: 'Volumes the disks use.', maxItems: 256 }),
      networks: array(ref(network), {
        description: 'Networks the interfaces connect to.',
        maxItems: 256,
      }),
      ...schedulingFields,
      terminationGracePeriodSeconds: integer({
        format: 'int64',
        description:
          'Seconds the guest has to shut down after an ACPI power-off before it is stopped forcibly. Defaults to 30.',
      }),
      startStrategy: string({
        description: 'Paused: start the VMI with its vCPUs paused, to be unpaused later.',
      }),
      ...guestFields,
    },
    { required: ['domain'], description: 'The specification of a virtual machine instance.' },
  ),
);

export const virtualMachineInstanceTemplateSpec = define(
  'VirtualMachineInstanceTemplateSpec',
  object(
    {
      metadata: metadata(true, 'Labels and annotations of the VMIs created from the template.'),
      spec: ref(virtualMachineInstanceSpec, {
        description: 'The spec of the VMIs created from the template.',
      }),
    },
    { description: 'A template for VMIs.' },
  ),
);
