import type { Json, JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import {
  fieldPatchMeta,
  itemsSchema,
  propertySchema,
  type FieldPatchMeta,
} from './strategic-schema.ts';

/** The two recursive steps of a strategic merge, handed to the list code. */
export interface StrategicMerger {
  /** Merges a patch map into an original map (which it may mutate and returns). */
  mergeObject(original: JsonObject, patch: JsonObject, site: Site): JsonObject;
  /** A patch value with nothing to merge into: directives applied, nulls dropped; undefined = absent. */
  cleanValue(value: Json, site: Site): Json | undefined;
}

/** Where the merge is: the schema of the value, its path for messages, and the tools. */
export interface Site {
  readonly schema: JsonSchema | undefined;
  /** e.g. `spec.containers[name="c"].env`; empty at the top level. */
  readonly path: string;
  readonly resolve: SchemaResolver;
  readonly merger: StrategicMerger;
}

/** The site of a map's field. */
export function fieldSite(site: Site, key: string): Site {
  return {
    ...site,
    schema: propertySchema(site.schema, key, site.resolve),
    path: site.path === '' ? key : `${site.path}.${key}`,
  };
}

/** The site of a list's item; `label` goes between brackets in the path. */
export function itemSite(site: Site, label: string): Site {
  return {
    ...site,
    schema: itemsSchema(site.schema, site.resolve),
    path: `${site.path}[${label}]`,
  };
}

/** The patch strategy and merge key of the field a site stands for. */
export function sitePatchMeta(site: Site): FieldPatchMeta {
  return fieldPatchMeta(site.schema, site.resolve);
}
