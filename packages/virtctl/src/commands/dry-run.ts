import type { CommandContext, FlagSpec } from '../virtctl-command.ts';
import { booleanFlag } from '../command-flags.ts';

/** virtctl's `--dry-run` flag. */
export const dryRunFlag: FlagSpec = {
  type: 'boolean',
  describe: 'send the request as a dry run: the server checks it and changes nothing',
};

/** The options' `dryRun` (`["All"]`) when `--dry-run` is set, announced as virtctl does. */
export function dryRunOption(context: CommandContext): { dryRun?: string[] } {
  if (!booleanFlag(context, 'dry-run')) return {};
  context.io.stdout.write('Dry Run execution\n');
  return { dryRun: ['All'] };
}

/** An error's message, for wrapping it in virtctl's wording. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
