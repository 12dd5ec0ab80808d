import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** A group-version the generated client has an API class for, and the models it names. */
export interface ApiGroupVersion {
  /** Empty for the core group. */
  readonly group: string;
  readonly version: string;
  /** `v1` or `apps/v1`. */
  readonly groupVersion: string;
  /** The models its API class imports: the kinds it serves, and Status, DeleteOptions… */
  readonly roots: readonly string[];
}

const VERSIONED_API = /^([A-Z][A-Za-z]*?)(V\d+(?:alpha\d+|beta\d+)?)Api\.d\.ts$/;
const GROUP_PATH = /localVarPath = '\/(?:api|apis\/([^/']+))\/'/;
const MODEL_IMPORT = /^import \{ (\w+) \} from '\.\.\/models\/\1\.js';$/;
/** The imports sit at the top of an API declaration file; this is more than enough to hold them. */
const HEAD_BYTES = 16_384;

/**
 * The group-versions of the generated client (`dist/gen/apis/<Prefix><Version>Api.d.ts`), in
 * file order with the core group first. The group comes from the path its unversioned
 * `<Prefix>Api.js` (the group discovery call) requests, the roots from the model imports.
 */
export function readApiGroupVersions(generatedDirectory: string): ApiGroupVersion[] {
  const apis = join(generatedDirectory, 'apis');
  const groups = new Map<string, string>();
  const found: ApiGroupVersion[] = [];
  for (const file of readdirSync(apis).sort()) {
    const match = VERSIONED_API.exec(file);
    const [, prefix, version] = match ?? [];
    if (prefix === undefined || version === undefined) continue;
    const group = groups.get(prefix) ?? readGroup(apis, prefix);
    groups.set(prefix, group);
    const lowerVersion = version.toLowerCase();
    found.push({
      group,
      version: lowerVersion,
      groupVersion: group === '' ? lowerVersion : `${group}/${lowerVersion}`,
      roots: importedModels(readImports(join(apis, file))),
    });
  }
  return found.sort((a, b) => Number(b.group === '') - Number(a.group === ''));
}

function readGroup(apis: string, prefix: string): string {
  const file = join(apis, `${prefix}Api.js`);
  const match = GROUP_PATH.exec(readFileSync(file, 'utf8'));
  if (match === null) throw new Error(`${file} requests no /api/ or /apis/<group>/ path`);
  return match[1] ?? '';
}

/** The start of the file, or all of it when the imports run past HEAD_BYTES. */
function readImports(file: string): string {
  const head = readHead(file);
  return head.includes('export declare class') ? head : readFileSync(file, 'utf8');
}

function readHead(file: string): string {
  const descriptor = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const length = readSync(descriptor, buffer, 0, HEAD_BYTES, 0);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(descriptor);
  }
}

function importedModels(head: string): string[] {
  return head.split('\n').flatMap((line) => {
    const model = MODEL_IMPORT.exec(line)?.[1];
    return model === undefined ? [] : [model];
  });
}
