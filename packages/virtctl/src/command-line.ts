import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.ts';
import type { FlagSpec, FlagValues, VirtctlCommand } from './virtctl-command.ts';

/** The kubectl flags every command takes. */
export const globalFlags: Readonly<Record<string, FlagSpec>> = {
  kubeconfig: { type: 'string', value: 'FILE', describe: 'path to the kubeconfig file to use' },
  context: { type: 'string', value: 'NAME', describe: 'the kubeconfig context to use' },
  namespace: {
    type: 'string',
    short: 'n',
    value: 'NAMESPACE',
    describe: "the namespace (default: the context's namespace)",
  },
  help: { type: 'boolean', short: 'h', describe: 'show this help' },
};

/** A parsed command line. */
export interface ParsedCommandLine {
  readonly flags: FlagValues;
  readonly args: readonly string[];
  readonly help: boolean;
}

type ParseArgsOptions = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean }
>;

function parseOptions(flags: Readonly<Record<string, FlagSpec>>): ParseArgsOptions {
  const options: ParseArgsOptions = {};
  for (const [name, spec] of Object.entries(flags)) {
    options[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  return options;
}

/** parseArgs' messages, reworded the way kubectl words them. */
function kubectlWording(message: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown?.[1] !== undefined) return `unknown flag: ${unknown[1]}`;
  const needsValue = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (needsValue?.[1] !== undefined) return `flag needs an argument: ${needsValue[1]}`;
  const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (noValue?.[1] !== undefined) return `flag ${noValue[1]} does not take a value`;
  return message.split('\n')[0] ?? message;
}

function checkArgCount(command: VirtctlCommand, args: readonly string[]): void {
  if (args.length === command.args) return;
  const expected = `${command.args} argument${command.args === 1 ? '' : 's'} (${command.usage})`;
  throw new UsageError(`accepts ${expected}, received ${args.length}`);
}

/** `--force=true` / `--force=false` (as kubectl and virtctl accept them) become `--force` / `--no-force`. */
function booleanAssignments(
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
): string[] {
  return argv.map((arg) => {
    const match = /^--([\w-]+)=(true|false)$/.exec(arg);
    const name = match?.[1];
    if (name === undefined || flags[name]?.type !== 'boolean') return arg;
    return match?.[2] === 'true' ? `--${name}` : `--no-${name}`;
  });
}

/**
 * Parses a command's arguments (after its name): its own flags, kubectl's global flags and the
 * positional arguments, whose count is checked unless help is asked for. Throws a UsageError
 * naming the flag or the argument count.
 */
export function parseCommandLine(
  command: VirtctlCommand,
  argv: readonly string[],
): ParsedCommandLine {
  const flags = { ...command.flags, ...globalFlags };
  let parsed: { values: FlagValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: booleanAssignments(argv, flags),
      options: parseOptions(flags),
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
  } catch (error) {
    throw new UsageError(kubectlWording(error instanceof Error ? error.message : String(error)));
  }
  const help = parsed.values['help'] === true;
  if (!help) checkArgCount(command, parsed.positionals);
  return { flags: parsed.values, args: parsed.positionals, help };
}

function flagRows(flags: Readonly<Record<string, FlagSpec>>): [string, string][] {
  return Object.entries(flags).map(([name, spec]) => {
    const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
    const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
    return [`${short}--${name}${value}`, spec.describe];
  });
}

function aligned(rows: readonly [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** `kubectl virt <command> --help`. */
export function commandHelp(command: VirtctlCommand, program: string): string {
  const lines = [
    command.summary,
    '',
    `Usage: ${program} ${command.name} ${command.usage}${Object.keys(command.flags).length > 0 ? ' [flags]' : ''}`,
  ];
  if (command.description !== undefined) lines.push('', command.description);
  if (Object.keys(command.flags).length > 0) {
    lines.push('', 'Flags:', ...aligned(flagRows(command.flags)));
  }
  lines.push('', 'Global flags:', ...aligned(flagRows(globalFlags)), '');
  return lines.join('\n');
}
