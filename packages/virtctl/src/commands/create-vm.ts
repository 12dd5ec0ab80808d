import { readFile } from 'node:fs/promises';
import {
  buildVmManifest,
  manifestYaml,
  randomVmName,
  runStrategies,
} from '../build-vm-manifest.ts';
import { integerFlag, stringFlag, stringListFlag } from '../command-flags.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand, type CommandContext } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

async function userData(context: CommandContext): Promise<string | undefined> {
  const file = stringFlag(context, 'cloud-init-user-data');
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `invalid argument ${JSON.stringify(file)} for "--cloud-init-user-data" flag: ${messageOf(error)}`,
    );
  }
}

/** The namespace for the manifest: only when `-n` named one, as virtctl does. */
function explicitNamespace(context: CommandContext): string | undefined {
  const namespace = stringFlag(context, 'namespace');
  return namespace === undefined || namespace === '' ? undefined : namespace;
}

export const createVmCommand = defineCommand({
  name: 'create vm',
  summary: 'Create a VirtualMachine manifest (printed as YAML, for kubectl apply -f -).',
  usage: '',
  description:
    'Example: kubectl virt create vm --name vm1 --image quay.io/containerdisks/fedora:41 \\\n' +
    '           --cloud-init-user-data user-data.yaml | kubectl apply -f -',
  flags: {
    name: { type: 'string', value: 'NAME', describe: 'the name of the VM (default: vm-<random>)' },
    image: {
      type: 'string',
      multiple: true,
      value: 'IMAGE',
      describe: 'a containerdisk image to boot from (repeatable)',
    },
    'volume-containerdisk': {
      type: 'string',
      multiple: true,
      value: 'src:IMAGE[,name:NAME]',
      describe: 'a containerdisk volume, as virtctl spells it (repeatable)',
    },
    'cloud-init-user-data': {
      type: 'string',
      value: 'FILE',
      describe: 'a file with the cloud-init user data (a NoCloud disk)',
    },
    'run-strategy': {
      type: 'string',
      value: 'STRATEGY',
      describe: `the run strategy: ${runStrategies.join(', ')} (default Always)`,
    },
    memory: { type: 'string', value: 'QUANTITY', describe: 'the guest memory (default 512Mi)' },
    'termination-grace-period': {
      type: 'string',
      value: 'SECONDS',
      describe: 'the termination grace period (default 180)',
    },
  },
  args: 0,
  run: async (context) => {
    const manifest = buildVmManifest({
      name: stringFlag(context, 'name') ?? randomVmName(),
      namespace: explicitNamespace(context),
      runStrategy: stringFlag(context, 'run-strategy') ?? 'Always',
      memory: stringFlag(context, 'memory') ?? '512Mi',
      terminationGracePeriodSeconds: integerFlag(context, 'termination-grace-period', 0) ?? 180,
      containerDisks: [
        ...stringListFlag(context, 'image').map((image) => `src:${image}`),
        ...stringListFlag(context, 'volume-containerdisk'),
      ],
      cloudInitUserData: await userData(context),
    });
    context.io.stdout.write(manifestYaml(manifest));
    return 0;
  },
});
