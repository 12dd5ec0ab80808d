import { parseArgs } from 'node:util';
import { ConfigError, describeFlags, flagOptions, loadConfig } from '@podvisor/kube';
import type { Command, CommandIo } from './command.ts';
import { clusterCommand } from './commands/cluster.ts';
import { consoleCommand } from './commands/console.ts';
import { downCommand } from './commands/down.ts';
import { imagesCommand } from './commands/images.ts';
import { linkCommand } from './commands/link.ts';
import { logsCommand } from './commands/logs.ts';
import { nodeCommand } from './commands/node.ts';
import { upCommand } from './commands/up.ts';
import { usersCommand } from './commands/users.ts';

/** Every subcommand, in the order `podvisor --help` lists them. */
export const commands: readonly Command[] = [
  upCommand,
  downCommand,
  linkCommand,
  logsCommand,
  clusterCommand,
  nodeCommand,
  consoleCommand,
  imagesCommand,
  usersCommand,
];

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: podvisor <command> [flags]',
    '',
    'Virtual machines and containers side by side on Kubernetes.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `podvisor <command> --help` for its flags.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `Usage: podvisor ${command.name}${command.positionals === undefined ? '' : ` ${command.positionals}`} [flags]`,
    '',
    command.description,
    '',
    'Flags:',
    ...describeFlags(command.spec, [['-h, --help', 'show this help']]),
    '',
  ].join('\n');
}

async function runCommand(
  command: Command,
  args: readonly string[],
  io: CommandIo,
): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  let positionals: readonly string[];
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...flagOptions(command.spec), help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: command.positionals !== undefined,
    });
    flags = parsed.values;
    positionals = parsed.positionals;
  } catch (error) {
    io.stderr.write(
      `podvisor ${command.name}: ${(error as Error).message}\nRun \`podvisor ${command.name} --help\` for its flags.\n`,
    );
    return 2;
  }
  if (flags['help'] === true) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  let config;
  try {
    config = loadConfig(command.spec, { flags, env: io.env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`podvisor ${command.name}: ${error.message}\n`);
    return 2;
  }
  try {
    return await command.run(config, io, positionals);
  } catch (error) {
    io.stderr.write(
      `podvisor ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

/** The `podvisor` command line: resolves with the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(topHelp());
    return first === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    io.stderr.write(`podvisor: unknown command ${JSON.stringify(first)}\n\n${topHelp()}`);
    return 2;
  }
  return runCommand(command, rest, io);
}
