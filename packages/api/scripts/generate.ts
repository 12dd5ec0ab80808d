/**
 * Writes the files generated from the kubevirt.io/v1 schema: the TypeScript types and the CRDs.
 * With `--check` it writes nothing and fails, listing them, when any file is stale.
 */
import { join } from 'node:path';
import {
  findStaleFiles,
  generateCommand,
  writeGeneratedFiles,
} from '../src/schema/generated-files.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** Generates (or checks) the files; resolves with the exit code. */
async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--check')) {
    const stale = await findStaleFiles(repositoryRoot);
    if (stale.length === 0) return 0;
    const list = stale.map((path) => `  ${path}\n`).join('');
    process.stderr.write(`Generated files are stale:\n${list}Run \`${generateCommand}\`.\n`);
    return 1;
  }
  const written = await writeGeneratedFiles(repositoryRoot);
  process.stdout.write(
    written.length === 0 ? 'Generated files are up to date.\n' : `Wrote ${written.join(', ')}\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
