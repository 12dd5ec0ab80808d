import { createSubresourceClient, subresourcePath } from '../subresource-client.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand, type CommandContext, type VirtctlCommand } from '../virtctl-command.ts';
import { dryRunFlag, dryRunOption, messageOf } from './dry-run.ts';

const vmTypes = ['vm', 'vms', 'virtualmachine', 'virtualmachines'];
const vmiTypes = ['vmi', 'vmis', 'virtualmachineinstance', 'virtualmachineinstances'];

/** `vm`/`vmi` (any case, singular or plural, short or long) → whether it names a VM or a VMI. */
export function resourceTypeOf(raw: string): 'vm' | 'vmi' {
  const type = raw.toLowerCase();
  if (vmTypes.includes(type)) return 'vm';
  if (vmiTypes.includes(type)) return 'vmi';
  throw new UsageError(
    `unsupported resource type ${JSON.stringify(raw)}: use vm (virtualmachine) or vmi (virtualmachineinstance)`,
  );
}

/** A PUT on `virtualmachineinstances/{name}/{subresource}` with virtctl's messages. */
async function putVmiAction(
  context: CommandContext,
  action: { name: string; subresource: string; body?: object; verb: string; gerund: string },
): Promise<number> {
  const { kubeConfig, namespace } = context.access();
  const path = subresourcePath({
    namespace,
    target: 'virtualmachineinstances',
    name: action.name,
    subresource: action.subresource,
  });
  try {
    await createSubresourceClient(kubeConfig).put(path, action.body);
  } catch (error) {
    throw new Error(
      `Error ${action.gerund} VirtualMachineInstance ${action.name}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  context.io.stdout.write(`VMI ${action.name} was scheduled to ${action.verb}\n`);
  return 0;
}

function pauseLike(verb: 'pause' | 'unpause', summary: string): VirtctlCommand {
  return defineCommand({
    name: verb,
    summary,
    usage: '(vm|vmi) NAME',
    description:
      'The first argument is the resource type: vm (virtualmachine) or vmi (virtualmachineinstance);\n' +
      "a VM's instance has the VM's name.",
    flags: { 'dry-run': dryRunFlag },
    args: 2,
    run: (context) => {
      const [type = '', name = ''] = context.args;
      resourceTypeOf(type);
      return putVmiAction(context, {
        name,
        subresource: verb,
        body: dryRunOption(context),
        verb,
        gerund: verb === 'pause' ? 'pausing' : 'unpausing',
      });
    },
  });
}

export const pauseCommand = pauseLike('pause', 'Pause a virtual machine (its memory stays).');
export const unpauseCommand = pauseLike('unpause', 'Unpause a virtual machine.');

export const softRebootCommand = defineCommand({
  name: 'soft-reboot',
  summary: 'Soft reboot a virtual machine instance (through the guest agent or ACPI).',
  usage: 'VMI',
  flags: {},
  args: 1,
  run: (context) =>
    putVmiAction(context, {
      name: context.args[0] ?? '',
      subresource: 'softreboot',
      verb: 'soft-reboot',
      gerund: 'soft rebooting',
    }),
});

export const resetCommand = defineCommand({
  name: 'reset',
  summary: 'Reset a virtual machine instance (a hard reset, like the power button).',
  usage: 'VMI',
  flags: {},
  args: 1,
  run: (context) =>
    putVmiAction(context, {
      name: context.args[0] ?? '',
      subresource: 'reset',
      verb: 'reset',
      gerund: 'resetting',
    }),
});

/** The VMI action commands. */
export const vmiActionCommands: readonly VirtctlCommand[] = [
  pauseCommand,
  unpauseCommand,
  softRebootCommand,
  resetCommand,
];
