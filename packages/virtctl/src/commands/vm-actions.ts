import { booleanFlag, integerFlag, stringFlag } from '../command-flags.ts';
import { createSubresourceClient, subresourcePath } from '../subresource-client.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand, type CommandContext, type VirtctlCommand } from '../virtctl-command.ts';
import { dryRunFlag, dryRunOption, messageOf } from './dry-run.ts';
import { migrateCancelCommand } from './migrate-cancel.ts';

/** A PUT on `virtualmachines/{name}/{subresource}` with virtctl's messages. */
async function putVmAction(
  context: CommandContext,
  action: { subresource: string; body: object; errorPrefix: string },
): Promise<number> {
  const [name = ''] = context.args;
  const { kubeConfig, namespace } = context.access();
  const path = subresourcePath({
    namespace,
    target: 'virtualmachines',
    name,
    subresource: action.subresource,
  });
  try {
    await createSubresourceClient(kubeConfig).put(path, action.body);
  } catch (error) {
    throw new Error(`${action.errorPrefix}${messageOf(error)}`, { cause: error });
  }
  context.io.stdout.write(`VM ${name} was scheduled to ${action.subresource}\n`);
  return 0;
}

/** virtctl's rule for `--force` and `--grace-period`: both or neither; the grace period if both. */
function forcedGracePeriod(context: CommandContext): number | undefined {
  const gracePeriod = integerFlag(context, 'grace-period', -1);
  const force = booleanFlag(context, 'force');
  if ((gracePeriod !== undefined) !== force) {
    throw new UsageError('Must both use --force=true and set --grace-period.');
  }
  return gracePeriod;
}

const forceFlags = {
  force: {
    type: 'boolean',
    describe: 'with --grace-period: stop the VM without (or with a shorter) graceful shutdown',
  },
  'grace-period': {
    type: 'string',
    value: 'SECONDS',
    describe: 'with --force: seconds the guest gets to shut down (0: none)',
  },
} as const;

export const startCommand = defineCommand({
  name: 'start',
  summary: 'Start a virtual machine.',
  usage: 'VM',
  flags: {
    paused: { type: 'boolean', describe: 'start the virtual machine paused' },
    'dry-run': dryRunFlag,
  },
  args: 1,
  run: (context) =>
    putVmAction(context, {
      subresource: 'start',
      body: {
        ...(booleanFlag(context, 'paused') ? { paused: true } : {}),
        ...dryRunOption(context),
      },
      errorPrefix: 'Error starting VirtualMachine ',
    }),
});

export const stopCommand = defineCommand({
  name: 'stop',
  summary: 'Stop a virtual machine.',
  usage: 'VM',
  flags: { ...forceFlags, 'dry-run': dryRunFlag },
  args: 1,
  run: (context) => {
    const gracePeriod = forcedGracePeriod(context);
    return putVmAction(context, {
      subresource: 'stop',
      body: { ...(gracePeriod === undefined ? {} : { gracePeriod }), ...dryRunOption(context) },
      errorPrefix:
        gracePeriod === undefined
          ? 'error stopping VirtualMachine '
          : 'error force stopping VirtualMachine: ',
    });
  },
});

export const restartCommand = defineCommand({
  name: 'restart',
  summary: 'Restart a virtual machine.',
  usage: 'VM',
  description:
    'A forced restart (--force --grace-period=0) kills the guest instead of shutting it down.',
  flags: { ...forceFlags, 'dry-run': dryRunFlag },
  args: 1,
  run: (context) => {
    const gracePeriodSeconds = forcedGracePeriod(context);
    return putVmAction(context, {
      subresource: 'restart',
      body: {
        ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
        ...dryRunOption(context),
      },
      errorPrefix:
        gracePeriodSeconds === undefined
          ? 'error restarting VirtualMachine: '
          : 'error force restarting VirtualMachine: ',
    });
  },
});

/** `key=value,key2=value2` → a map; throws a UsageError naming the flag. */
export function parseNodeSelector(raw: string): Record<string, string> {
  const selector: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new UsageError(
        `invalid argument ${JSON.stringify(raw)} for "--addedNodeSelector" flag: ${JSON.stringify(pair)} must be formatted as key=value`,
      );
    }
    selector[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return selector;
}

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Migrate a virtual machine.',
  usage: 'VM',
  flags: {
    addedNodeSelector: {
      type: 'string',
      value: 'KEY=VALUE,…',
      describe: 'an extra node selector for this migration only',
    },
    'dry-run': dryRunFlag,
  },
  args: 1,
  run: (context) => {
    const raw = stringFlag(context, 'addedNodeSelector');
    return putVmAction(context, {
      subresource: 'migrate',
      body: {
        ...(raw === undefined ? {} : { addedNodeSelector: parseNodeSelector(raw) }),
        ...dryRunOption(context),
      },
      errorPrefix: 'Error migrating VirtualMachine ',
    });
  },
});

/** The VM lifecycle commands. */
export const vmActionCommands: readonly VirtctlCommand[] = [
  startCommand,
  stopCommand,
  restartCommand,
  migrateCommand,
  migrateCancelCommand,
];
