import { addUser } from '@podvisor/cluster';
import { field } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';

function groupList(raw: string): string[] {
  return raw
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

export const usersCommand = defineCommand({
  name: 'users',
  summary: 'add a user (a bearer token) to the embedded cluster',
  description:
    'Adds a user to DATA_DIR/pki/tokens.csv with a fresh random token (a running cluster picks it\n' +
    'up on its next request) and writes DATA_DIR/users/NAME.kubeconfig for that user. The user\n' +
    'has no permissions until bound to a role, e.g.\n' +
    '  kubectl create rolebinding NAME-view --clusterrole=view --user=NAME -n default',
  spec: {
    dataDir: sharedFlags.dataDir,
    add: field.string({ flag: 'add', describe: 'name of the user to add' }),
    groups: field.string({
      flag: 'group',
      default: '',
      nonEmpty: false,
      describe: 'groups of the user, comma-separated',
    }),
  },
  run: (config, io) => {
    const added = addUser({
      dataDir: config.dataDir,
      name: config.add,
      groups: groupList(config.groups),
    });
    io.stdout.write(
      [
        `Added user ${added.name}. Its kubeconfig:`,
        `  ${added.kubeconfigPath}`,
        '',
        'Grant it access, for example:',
        `  kubectl create rolebinding ${added.name}-view --clusterrole=view --user=${added.name} -n default`,
        '',
      ].join('\n'),
    );
    return Promise.resolve(0);
  },
});
