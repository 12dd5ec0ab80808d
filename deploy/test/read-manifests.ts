import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSeq, parseAllDocuments, stringify } from 'yaml';

/** The `deploy/` directory. */
export const deployDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The five generated CRD files that `deploy/base` lists (written by packages/api's generator). */
export const crdFiles = [
  'virtualmachines',
  'virtualmachineinstances',
  'virtualmachineinstancemigrations',
  'virtualmachineinstancereplicasets',
  'kubevirts',
].map((plural) => `base/crds/${plural}.kubevirt.io.yaml`);

/** A parsed manifest: a plain JSON object. */
export type Manifest = Record<string, unknown>;

/** Whether every generated CRD file exists yet. */
export function crdsGenerated(): boolean {
  return crdFiles.every((file) => existsSync(join(deployDir, file)));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** Every `.yaml`/`.yml` file under `deploy/`, relative to it, sorted. */
export function yamlFiles(): string[] {
  return walk(deployDir)
    .map((path) => relative(deployDir, path))
    .sort();
}

/** Parses a multi-document YAML text; throws with the first parse error (line and column). */
export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((doc): Manifest[] => {
    const error = doc.errors[0];
    if (error !== undefined) throw new Error(`${source}: ${error.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    if (typeof value !== 'object' || Array.isArray(value))
      throw new Error(`${source}: a document is not a mapping`);
    return [value as Manifest];
  });
}

/** Manifests as one multi-document YAML text (what `kubectl apply -f -` reads). */
export function toYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m)).join('---\n');
}

/** The manifests in a file under `deploy/` (path relative to it). */
export function readManifests(file: string): Manifest[] {
  return parseManifests(readFileSync(join(deployDir, file), 'utf8'), file);
}

/** A nested field of a manifest, or undefined (`field(obj, 'spec', 'template')`). */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** A field that must be a list; an absent field is an empty list. */
export function list(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = field(value, ...path);
  return Array.isArray(found) ? (found as unknown[]) : [];
}

/** A field that must be a string; anything else is ''. */
export function text(value: unknown, ...path: (string | number)[]): string {
  const found = field(value, ...path);
  return typeof found === 'string' ? found : '';
}

/** The manifest of a kind and name among many; throws when it is missing. */
export function findManifest(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m['kind'] === kind && text(m, 'metadata', 'name') === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

/**
 * The files and directories a kustomization refers to (`resources`, and `patches` given by
 * `path`), relative to `deploy/`.
 */
export function kustomizationReferences(file: string): string[] {
  const [kustomization] = readManifests(file);
  const dir = dirname(file);
  const resources = list(kustomization, 'resources').filter((r) => typeof r === 'string');
  const patches = list(kustomization, 'patches')
    .map((patch) => text(patch, 'path'))
    .filter((path) => path !== '');
  return [...resources, ...patches].map((path) => join(dir, path));
}

/**
 * The rules of the Roles and ClusterRoles in a file that have no comment above them, as
 * `<Kind>/<name> rules[<i>]`. (The comment above a list's first item belongs to the list.)
 */
export function uncommentedRules(file: string): string[] {
  const source = readFileSync(join(deployDir, file), 'utf8');
  return parseAllDocuments(source).flatMap((doc) => {
    const kind: unknown = doc.get('kind');
    const rules = doc.get('rules', true);
    if ((kind !== 'Role' && kind !== 'ClusterRole') || !isSeq(rules)) return [];
    const name = String(doc.getIn(['metadata', 'name']));
    return rules.items.flatMap((item, index) => {
      const own = (item as { commentBefore?: string | null }).commentBefore ?? '';
      const comment = index === 0 ? (rules.commentBefore ?? '') + own : own;
      return comment.trim() === '' ? [`${kind}/${name} rules[${index}]`] : [];
    });
  });
}
