import { readFileSync } from 'node:fs';
import { createSubresourceClient, subresourceApiPath } from '../subresource-client.ts';
import { defineCommand } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

/** KubeVirt's version.Info fields, in the order virtctl prints them. */
const fields = [
  ['GitVersion', 'gitVersion'],
  ['GitCommit', 'gitCommit'],
  ['GitTreeState', 'gitTreeState'],
  ['BuildDate', 'buildDate'],
  ['GoVersion', 'goVersion'],
  ['Compiler', 'compiler'],
  ['Platform', 'platform'],
] as const;

/** A version object as virtctl prints it (Go's `%#v` of version.Info). */
export function formatVersionInfo(info: Readonly<Record<string, unknown>>): string {
  const parts = fields.map(([goName, jsonName]) => {
    const value = info[jsonName];
    return `${goName}:${JSON.stringify(typeof value === 'string' ? value : '')}`;
  });
  return `version.Info{${parts.join(', ')}}`;
}

function clientVersion(): Record<string, string> {
  const manifest = JSON.parse(
    readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version?: string };
  return {
    gitVersion: `v${manifest.version ?? '0.0.0'}`,
    goVersion: `node${process.versions.node}`,
    compiler: 'node',
    platform: `${process.platform}/${process.arch}`,
  };
}

export const versionCommand = defineCommand({
  name: 'version',
  summary: 'Print the client and server version information.',
  usage: '',
  flags: {},
  args: 0,
  run: async (context) => {
    context.io.stdout.write(`Client Version: ${formatVersionInfo(clientVersion())}\n`);
    const { kubeConfig } = context.access();
    let server: unknown;
    try {
      const answer = await createSubresourceClient(kubeConfig).get(`${subresourceApiPath}/version`);
      server = JSON.parse(answer.body.toString('utf8'));
    } catch (error) {
      throw new Error(`error getting the server version: ${messageOf(error)}`, { cause: error });
    }
    const info =
      typeof server === 'object' && server !== null ? (server as Record<string, unknown>) : {};
    context.io.stdout.write(`Server Version: ${formatVersionInfo(info)}\n`);
    return 0;
  },
});
