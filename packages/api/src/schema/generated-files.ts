/** Every file generated from the schema, as repository-relative paths and contents. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { generateCrd, type CustomResourceDefinition } from './crd-generator.ts';
import { kubevirtKinds, type KindDefinition } from './kinds.ts';
import { generateTypeScript } from './typescript-generator.ts';

/** A generated file: its path relative to the repository root and its exact content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** The command that rewrites the generated files. */
export const generateCommand = 'npm run generate -w @podvisor/api';

/** Where the generated TypeScript types live, relative to the repository root. */
export const typesPath = 'packages/api/src/generated/kubevirt-types.ts';

/** Where the CRD of a kind lives, relative to the repository root. */
export function crdPath(kind: KindDefinition): string {
  return `deploy/base/crds/${kind.plural}.kubevirt.io.yaml`;
}

/** A CRD as YAML: keys sorted, no line folding, single quotes (as Prettier prints it). */
export function crdYaml(crd: CustomResourceDefinition): string {
  const header = [
    `# GENERATED from packages/api/src/schema/: do not edit by hand.`,
    `# Regenerate with \`${generateCommand}\`.`,
  ].join('\n');
  const body = stringify(crd, {
    aliasDuplicateObjects: false,
    sortMapEntries: true,
    lineWidth: 0,
    singleQuote: true,
    indentSeq: true,
  });
  return `${header}\n${body}`;
}

/** The generated files for `kinds` (all five kinds unless told), in a stable order. */
export function generatedFiles(kinds: readonly KindDefinition[] = kubevirtKinds): GeneratedFile[] {
  return [
    { path: typesPath, content: generateTypeScript(kinds) },
    ...kinds.map((kind) => ({ path: crdPath(kind), content: crdYaml(generateCrd(kind)) })),
  ];
}

/** The generated files whose content under `root` differs from `files` (or that are missing). */
export async function findStaleFiles(
  root: string,
  files: readonly GeneratedFile[] = generatedFiles(),
): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const current = await readFile(join(root, file.path), 'utf8').catch(() => undefined);
    if (current !== file.content) stale.push(file.path);
  }
  return stale;
}

/** Writes `files` under `root`, creating directories; returns the paths that changed. */
export async function writeGeneratedFiles(
  root: string,
  files: readonly GeneratedFile[] = generatedFiles(),
): Promise<string[]> {
  const stale = await findStaleFiles(root, files);
  for (const file of files.filter((f) => stale.includes(f.path))) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  return stale;
}
