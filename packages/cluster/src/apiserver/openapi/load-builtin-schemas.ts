import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import { clientNodeSchemaSource } from './client-node-source/client-node-schema-source.ts';

/** The prefix every `$ref` handed out by the catalog uses (OpenAPI v3 form). */
export const COMPONENTS_PREFIX = '#/components/schemas/';
const DEFINITIONS_PREFIX = '#/definitions/';

/**
 * One upstream OpenAPI document, parsed only when the catalog needs it: a v3 per-group-version
 * document (`components.schemas`, e.g. `api__v1_openapi.json`) or the v2 `swagger.json`
 * (`definitions`).
 */
export interface SchemaDocument {
  /** `v1`, `apps/v1`…; undefined when the document covers every group-version (v2 swagger). */
  readonly groupVersion: string | undefined;
  /** Reads and parses the document. Called at most once. */
  load(): JsonObject;
}

/** Where built-in schemas come from. Swappable, so a packaged upstream spec can be plugged in. */
export interface BuiltinSchemaSource {
  /** For messages, e.g. the directory read. */
  readonly name: string;
  /** The documents, in lookup order; listing them must be cheap (no parsing). */
  documents(): readonly SchemaDocument[];
}

/** The catalog of built-in kinds' schemas, taken from upstream OpenAPI documents. */
export interface BuiltinSchemas {
  /** The source the schemas come from. */
  readonly sourceName: string;
  /** The schema of a built-in kind (carrying `x-kubernetes-group-version-kind`), or undefined. */
  schemaFor(group: string, version: string, kind: string): JsonSchema | undefined;
  /** The component name of a built-in kind's schema, e.g. `io.k8s.api.core.v1.Pod`. */
  nameFor(group: string, version: string, kind: string): string | undefined;
  /** Resolves `#/components/schemas/<name>` or `#/definitions/<name>`; refs inside use the v3 form. */
  readonly resolve: SchemaResolver;
}

/**
 * No npm or Debian package ships a recent upstream `api/openapi-spec`, so the default source
 * derives the schemas from `@kubernetes/client-node`'s generated models (themselves generated
 * from the upstream spec), read lazily from the installed package.
 */
export const defaultBuiltinSchemaSource: BuiltinSchemaSource = clientNodeSchemaSource();

const catalogs = new WeakMap<BuiltinSchemaSource, BuiltinSchemas>();

/**
 * The built-in schema catalog for a source, created once per source and filled lazily: a
 * document is parsed only when a lookup needs it (the one for the kind's group-version first).
 */
export function loadBuiltinSchemas(
  source: BuiltinSchemaSource = defaultBuiltinSchemaSource,
): BuiltinSchemas {
  let catalog = catalogs.get(source);
  if (catalog === undefined) {
    catalog = createCatalog(source);
    catalogs.set(source, catalog);
  }
  return catalog;
}

interface RawSchema {
  readonly schema: JsonObject;
  readonly v2: boolean;
}

function createCatalog(source: BuiltinSchemaSource): BuiltinSchemas {
  let pending: SchemaDocument[] | undefined;
  const raw = new Map<string, RawSchema>();
  const byGvk = new Map<string, string>();
  const normalised = new Map<string, JsonSchema>();

  const pendingDocuments = (): SchemaDocument[] => (pending ??= [...source.documents()]);
  const loadWhere = (wanted: (document: SchemaDocument) => boolean, until: () => boolean): void => {
    const documents = pendingDocuments();
    for (const document of [...documents]) {
      if (until()) return;
      if (!wanted(document)) continue;
      documents.splice(documents.indexOf(document), 1);
      indexDocument(parseDocument(document, source.name), raw, byGvk);
    }
  };

  const nameFor = (group: string, version: string, kind: string): string | undefined => {
    const key = gvkKey(group, version, kind);
    const groupVersion = group === '' ? version : `${group}/${version}`;
    loadWhere(
      (document) => document.groupVersion === undefined || document.groupVersion === groupVersion,
      () => byGvk.has(key),
    );
    return byGvk.get(key);
  };

  const byName = (name: string): JsonSchema | undefined => {
    loadWhere(
      () => true,
      () => raw.has(name),
    );
    const found = raw.get(name);
    if (found === undefined) return undefined;
    let schema = normalised.get(name);
    if (schema === undefined) {
      schema = found.v2 ? rewriteDefinitionRefs(found.schema) : found.schema;
      normalised.set(name, schema);
    }
    return schema;
  };

  return {
    sourceName: source.name,
    nameFor,
    schemaFor: (group, version, kind) => {
      const name = nameFor(group, version, kind);
      return name === undefined ? undefined : byName(name);
    },
    resolve: (ref) => {
      const name = schemaNameOfRef(ref);
      return name === undefined ? undefined : byName(name);
    },
  };
}

/** The schema name a `$ref` points at, in either the v3 or the v2 form; undefined for other refs. */
export function schemaNameOfRef(ref: string): string | undefined {
  for (const prefix of [COMPONENTS_PREFIX, DEFINITIONS_PREFIX]) {
    if (ref.startsWith(prefix) && ref.length > prefix.length) return ref.slice(prefix.length);
  }
  return undefined;
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

interface ParsedDocument {
  readonly schemas: JsonObject;
  readonly v2: boolean;
}

function parseDocument(document: SchemaDocument, sourceName: string): ParsedDocument {
  const root = document.load();
  const components = root.components;
  if (isJsonObject(components) && isJsonObject(components.schemas)) {
    return { schemas: components.schemas, v2: false };
  }
  if (isJsonObject(root.definitions)) return { schemas: root.definitions, v2: true };
  const which = document.groupVersion ?? 'swagger';
  throw new Error(
    `OpenAPI document ${which} from ${sourceName} has neither components.schemas nor definitions`,
  );
}

function indexDocument(
  document: ParsedDocument,
  raw: Map<string, RawSchema>,
  byGvk: Map<string, string>,
): void {
  for (const [name, schema] of Object.entries(document.schemas)) {
    if (!isJsonObject(schema) || raw.has(name)) continue;
    raw.set(name, { schema, v2: document.v2 });
    for (const gvk of groupVersionKinds(schema)) {
      const key = gvkKey(gvk.group, gvk.version, gvk.kind);
      if (!byGvk.has(key)) byGvk.set(key, name);
    }
  }
}

function groupVersionKinds(schema: JsonObject): { group: string; version: string; kind: string }[] {
  const gvks = schema['x-kubernetes-group-version-kind'];
  if (!Array.isArray(gvks)) return [];
  return gvks.flatMap((gvk) => {
    if (!isJsonObject(gvk)) return [];
    const { group, version, kind } = gvk;
    if (typeof group !== 'string' || typeof version !== 'string' || typeof kind !== 'string') {
      return [];
    }
    return [{ group, version, kind }];
  });
}

/** A copy of a v2 schema with `#/definitions/` refs rewritten to the v3 form. */
function rewriteDefinitionRefs(value: JsonObject): JsonObject {
  const copy: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const name = schemaNameOfRef(child);
      copy[key] = name === undefined ? child : COMPONENTS_PREFIX + name;
    } else if (Array.isArray(child)) {
      copy[key] = child.map((item) => (isJsonObject(item) ? rewriteDefinitionRefs(item) : item));
    } else {
      copy[key] = isJsonObject(child) ? rewriteDefinitionRefs(child) : child;
    }
  }
  return copy;
}
