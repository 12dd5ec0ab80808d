import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand, type CommandIo } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';

/** The operator's components, whose logs are their pods' (read through the API server). */
const operatorComponents = ['virt-api', 'virt-controller', 'virt-handler'];

function processLogs(dataDir: string): string[] {
  const dir = join(dataDir, 'logs');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.log'))
        .map((name) => name.slice(0, -'.log'.length))
        .sort()
    : [];
}

function list(io: CommandIo, dataDir: string): number {
  io.stdout.write(
    [
      `Components with logs on ${dataDir}:`,
      ...processLogs(dataDir).map((name) => `  ${name}  (${join(dataDir, 'logs', `${name}.log`)})`),
      ...operatorComponents.map((name) => `  ${name}  (its pods, through the API server)`),
      '',
      'Read one with: npx podvisor logs COMPONENT',
      '',
    ].join('\n'),
  );
  return 0;
}

function podLogs(dataDir: string, component: string): Promise<number> {
  const child = spawn(
    'kubectl',
    [
      'logs',
      '-n',
      'podvisor',
      '-l',
      `kubevirt.io=${component}`,
      '--all-containers',
      '--prefix',
      '--tail=-1',
    ],
    { stdio: 'inherit', env: { ...process.env, KUBECONFIG: join(dataDir, 'kubeconfig') } },
  );
  return new Promise((resolve) => {
    child.on('error', () => {
      resolve(1);
    });
    child.on('exit', (code) => {
      resolve(code ?? 1);
    });
  });
}

export const logsCommand = defineCommand({
  name: 'logs',
  summary: 'read the logs of a local component',
  description:
    'Without a component, lists what has logs. With one, prints its log: the API server and\n' +
    'controllers (cluster), the nodes (node-N), the console; virt-api, virt-controller and\n' +
    'virt-handler through the API server (their pods).',
  spec: { dataDir: sharedFlags.dataDir },
  positionals: '[COMPONENT]',
  run: async (config, io, args) => {
    const [component] = args;
    if (component === undefined) return list(io, config.dataDir);
    if (operatorComponents.includes(component)) return podLogs(config.dataDir, component);
    const file = join(config.dataDir, 'logs', `${component}.log`);
    if (!existsSync(file)) {
      io.stderr.write(`No log for ${JSON.stringify(component)} in ${config.dataDir}/logs.\n`);
      list(io, config.dataDir);
      return 1;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(file, 'utf8');
      stream.on('data', (chunk) => io.stdout.write(String(chunk)));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    return 0;
  },
});
