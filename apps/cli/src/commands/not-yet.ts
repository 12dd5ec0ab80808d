import type { CommandIo } from '../command.ts';

/** What a subcommand whose implementation has not landed yet answers, naming the issue that brings it. */
export function notYetAvailable(io: CommandIo, command: string, issue: number): Promise<number> {
  io.stderr.write(`podvisor ${command}: not available yet (it arrives with issue #${issue}).\n`);
  return Promise.resolve(1);
}
