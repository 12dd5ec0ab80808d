import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { field } from '@podvisor/kube';
import { mintLoginLink } from '@podvisor/bff';
import { defineCommand } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';

/** The identity `--user`/`--groups` ask for; undefined without `--user` (the console's own user). */
export function linkIdentity(
  user: string,
  groups: string,
): { readonly user: string; readonly groups: readonly string[] } | undefined {
  const list = groups
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
  return user === '' ? undefined : { user, groups: list };
}

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'print a fresh one-time sign-in link for the running console',
  description:
    'Prints a new one-time sign-in link for the console that `podvisor up` serves on --data-dir\n' +
    '(each link signs one browser in, once, within an hour).\n' +
    'With --user, the link signs in as that user (and --groups) instead: the console impersonates\n' +
    'them, so they see and may do only what RBAC grants them, e.g. a view-only user:\n' +
    '  kubectl create rolebinding alice-view --clusterrole view --user alice -n demo\n' +
    '  podvisor link --user alice',
  spec: {
    dataDir: sharedFlags.dataDir,
    user: field.string({
      flag: 'user',
      default: '',
      nonEmpty: false,
      describe: 'sign in as this Kubernetes user (impersonated) instead of the console’s own user',
    }),
    groups: field.string({
      flag: 'groups',
      default: '',
      nonEmpty: false,
      describe: 'with --user: the user’s groups, comma-separated',
    }),
  },
  run: (config, io) => {
    if (config.user === '' && config.groups !== '') {
      io.stderr.write('podvisor link: --groups needs --user (the user the groups belong to)\n');
      return Promise.resolve(2);
    }
    const file = join(config.dataDir, 'console-url');
    if (!existsSync(file)) {
      io.stderr.write(
        `No console runs on ${config.dataDir} (no ${file}): start one with npx podvisor up --data-dir ${config.dataDir}\n`,
      );
      return Promise.resolve(1);
    }
    const url = readFileSync(file, 'utf8').trim();
    const identity = linkIdentity(config.user, config.groups);
    try {
      io.stdout.write(`Sign in: ${mintLoginLink(config.dataDir, url, identity)}\n`);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      io.stderr.write(`podvisor link: ${error.message}\n`);
      return Promise.resolve(2);
    }
    if (identity !== undefined) io.stdout.write(`(signs in as ${identity.user})\n`);
    return Promise.resolve(0);
  },
});
