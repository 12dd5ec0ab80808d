import { commandHelp, parseCommandLine } from './command-line.ts';
import { stringFlag } from './command-flags.ts';
import { consoleCommand } from './commands/console.ts';
import { createVmCommand } from './commands/create-vm.ts';
import { displayCommands } from './commands/display.ts';
import { exposeCommand } from './commands/expose.ts';
import { guestOsInfoCommand } from './commands/guestosinfo.ts';
import { screenshotCommand } from './commands/screenshot.ts';
import { versionCommand } from './commands/version.ts';
import { vmActionCommands } from './commands/vm-actions.ts';
import { vmiActionCommands } from './commands/vmi-actions.ts';
import { resolveKubeAccess, type KubeAccess } from './kube-access.ts';
import { UsageError } from './usage-error.ts';
import type { CommandContext, FlagValues, VirtctlCommand } from './virtctl-command.ts';
import type { VirtctlIo } from './virtctl-io.ts';

/** Every `kubectl virt` command, in the order help lists them. */
export const virtctlCommands: readonly VirtctlCommand[] = [
  ...vmActionCommands,
  ...vmiActionCommands,
  consoleCommand,
  ...displayCommands,
  screenshotCommand,
  guestOsInfoCommand,
  exposeCommand,
  createVmCommand,
  versionCommand,
];

/** How help names the program: `kubectl virt` for the plugin binary `kubectl-virt`. */
export function programNameFor(executable: string | undefined): string {
  const base =
    (executable ?? '')
      .split(/[\\/]/)
      .at(-1)
      ?.replace(/\.(js|ts|mjs)$/, '') ?? '';
  if (base === '' || base.endsWith('-virt')) return 'kubectl virt';
  return base;
}

function topHelp(program: string): string {
  const width = Math.max(...virtctlCommands.map((c) => c.name.length));
  return [
    `Usage: ${program} <command> [flags]`,
    '',
    'Control KubeVirt-compatible virtual machines.',
    '',
    'Commands:',
    ...virtctlCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${program} <command> --help\` for a command's flags.`,
    '',
  ].join('\n');
}

/** The command named by the first one or two words of argv, and the arguments after them. */
function findCommand(
  argv: readonly string[],
): { command: VirtctlCommand; rest: string[] } | undefined {
  const [first, second, ...more] = argv;
  const twoWords = virtctlCommands.find((c) => c.name === `${first ?? ''} ${second ?? ''}`);
  if (twoWords !== undefined) return { command: twoWords, rest: more };
  const oneWord = virtctlCommands.find((c) => c.name === first);
  return oneWord === undefined ? undefined : { command: oneWord, rest: argv.slice(1) };
}

function contextFor(
  parsed: { flags: FlagValues; args: readonly string[] },
  io: VirtctlIo,
): CommandContext {
  let access: KubeAccess | undefined;
  const context: CommandContext = {
    program: io.programName ?? 'kubectl virt',
    flags: parsed.flags,
    args: parsed.args,
    io,
    access: () => {
      access ??= resolveKubeAccess({
        kubeconfig: stringFlag(context, 'kubeconfig'),
        context: stringFlag(context, 'context'),
        namespace: stringFlag(context, 'namespace'),
        env: io.env ?? {},
      });
      return access;
    },
  };
  return context;
}

async function runCommand(
  command: VirtctlCommand,
  argv: readonly string[],
  io: VirtctlIo,
): Promise<number> {
  const program = io.programName ?? 'kubectl virt';
  try {
    const parsed = parseCommandLine(command, argv);
    if (parsed.help) {
      io.stdout.write(commandHelp(command, program));
      return 0;
    }
    return await command.run(contextFor(parsed, io));
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `error: ${error.message}\nSee '${program} ${command.name} --help' for usage.\n`,
      );
      return 2;
    }
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** The `kubectl virt` command line: resolves with the exit code (2 for a usage error). */
export async function main(argv: readonly string[], io: VirtctlIo): Promise<number> {
  const program = io.programName ?? 'kubectl virt';
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(topHelp(program));
    return first === undefined ? 2 : 0;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    io.stderr.write(
      `error: unknown command ${JSON.stringify(first)} for "${program}"\n\n${topHelp(program)}`,
    );
    return 2;
  }
  return runCommand(found.command, found.rest, io);
}
