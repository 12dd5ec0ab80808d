import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { BuiltinSchemaSource, SchemaDocument } from './load-builtin-schemas.ts';

const V3_FILE = /^(?:api__v1|apis__[^_]+__[^_]+)_openapi\.json$/;

/**
 * A schema source reading a copy of upstream Kubernetes' `api/openapi-spec` directory: the v3
 * per-group-version files (`v3/api__v1_openapi.json`, `v3/apis__apps__v1_openapi.json`…, or
 * the same files directly in `dir`), else `swagger.json`. Files are listed when the catalog
 * first needs them and parsed one at a time.
 */
export function openApiSpecDirectory(dir: string): BuiltinSchemaSource {
  return {
    name: dir,
    documents: () => {
      const v3Dir = existsSync(join(dir, 'v3')) ? join(dir, 'v3') : dir;
      const v3 = v3Documents(v3Dir);
      if (v3.length > 0) return v3;
      const swagger = join(dir, 'swagger.json');
      return existsSync(swagger)
        ? [{ groupVersion: undefined, load: () => readJson(swagger) }]
        : [];
    },
  };
}

/** The group-version of an upstream v3 file name: `apis__apps__v1_openapi.json` → `apps/v1`. */
export function groupVersionOfSpecFile(fileName: string): string | undefined {
  if (!V3_FILE.test(fileName)) return undefined;
  const parts = fileName.slice(0, -'_openapi.json'.length).split('__');
  return parts.slice(1).join('/');
}

function v3Documents(dir: string): SchemaDocument[] {
  return readdirSync(dir)
    .sort()
    .flatMap((fileName) => {
      const groupVersion = groupVersionOfSpecFile(fileName);
      if (groupVersion === undefined) return [];
      const path = join(dir, fileName);
      return [{ groupVersion, load: () => readJson(path) }];
    });
}

function readJson(path: string): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isJsonObject(parsed)) throw new Error(`${path} is not a JSON object`);
  return parsed;
}
