import type { ConfigOf, ConfigSpec } from '@podvisor/kube';

/** Where a command writes what it has to say, and what it reads from its environment. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A `podvisor` subcommand: its flags as a config spec, and what it does with the parsed config. */
export interface Command<S extends ConfigSpec = ConfigSpec> {
  readonly name: string;
  /** One line for `podvisor --help`. */
  readonly summary: string;
  /** Paragraphs for `podvisor <name> --help`. */
  readonly description: string;
  readonly spec: S;
  /**
   * The arguments after the flags, for `--help` (`build [tiny] | list | import REF FILE`).
   * A command without it refuses positional arguments.
   */
  readonly positionals?: string;
  /** Resolves with the process exit code; `args` are the positional arguments. */
  run(config: ConfigOf<S>, io: CommandIo, args: readonly string[]): Promise<number>;
}

/** Declares a command, keeping the link between its spec and its config's type. */
export function defineCommand<S extends ConfigSpec>(command: Command<S>): Command<S> {
  return command;
}
