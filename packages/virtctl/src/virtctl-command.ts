import type { KubeAccess } from './kube-access.ts';
import type { VirtctlIo } from './virtctl-io.ts';

/** One flag of a command: how `node:util` parseArgs reads it and how help describes it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The flag may be given several times (its value is then a list). */
  readonly multiple?: boolean;
  /** The value's placeholder in help (`N`, `FILE`); `VALUE` by default. */
  readonly value?: string;
  readonly describe: string;
}

/** Parsed flag values by flag name, as parseArgs returns them. */
export type FlagValues = Readonly<
  Record<string, string | boolean | (string | boolean)[] | undefined>
>;

/** What a command's `run` gets. */
export interface CommandContext {
  /** `kubectl virt` (or whatever the program is called), for messages. */
  readonly program: string;
  readonly flags: FlagValues;
  readonly args: readonly string[];
  readonly io: VirtctlIo;
  /** The kubeconfig, context and namespace the flags and environment select (loaded on first use). */
  access(): KubeAccess;
}

/** A `kubectl virt` command. */
export interface VirtctlCommand {
  /** One or two words: `start`, `vnc screenshot`, `create vm`. */
  readonly name: string;
  readonly summary: string;
  /** The positional arguments for help: `VM`, `(vm|vmi) NAME`. */
  readonly usage: string;
  /** Extra paragraphs for `--help`. */
  readonly description?: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** How many positional arguments the command takes. */
  readonly args: number;
  /** Resolves with the exit code; throws a UsageError for a bad command line. */
  run(context: CommandContext): Promise<number>;
}

/** Declares a command (keeps the object's literal type checked against VirtctlCommand). */
export function defineCommand(command: VirtctlCommand): VirtctlCommand {
  return command;
}
