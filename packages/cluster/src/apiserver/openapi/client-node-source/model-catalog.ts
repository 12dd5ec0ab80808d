import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../../json-schema.ts';
import type { JsonObject } from '../../json.ts';
import {
  intOrStringSchema,
  modelSchema,
  quantitySchema,
  type GroupVersionKind,
} from './model-schema.ts';
import {
  parseAttributeTypeMap,
  parseModelDeclaration,
  referencedModels,
  type ModelAttribute,
  type ModelDeclaration,
} from './parse-model-files.ts';
import { QUANTITY_FIELDS } from './quantity-fields.ts';
import { readApiGroupVersions, type ApiGroupVersion } from './read-api-group-versions.ts';
import {
  APIMACHINERY_MODELS,
  componentName,
  INT_OR_STRING_SCHEMA,
  META_V1_PREFIX,
  packageOfGroup,
  QUANTITY_SCHEMA,
  splitModelName,
  SUBRESOURCE_MODELS,
} from './upstream-names.ts';

/** Models whose kinds every group-version serves (upstream tags them with each of them). */
const EVERY_GROUP_KINDS = new Set(['V1DeleteOptions', 'V1WatchEvent']);
const NOT_MODEL_FILES = new Set(['all', 'ObjectSerializer']);

/**
 * Client-node's generated models (`…/client-node/dist/gen`), read lazily and turned into
 * upstream-shaped OpenAPI documents. Every file is read and parsed at most once.
 *
 * Ownership (which package a model belongs to, hence its component name): apimachinery's
 * fixed set; the subresource kinds other groups return (Scale, Eviction); the package a
 * model's prefix names (`CoreV1Event`); else the first group-version of the model's version
 * whose API classes reach it, the core group first and the document being built next.
 */
export class ModelCatalog {
  readonly #directory: string;
  #modelNames: Set<string> | undefined;
  #groupVersions: ApiGroupVersion[] | undefined;
  readonly #attributes = new Map<string, ModelAttribute[]>();
  readonly #declarations = new Map<string, ModelDeclaration>();
  readonly #references = new Map<string, string[]>();
  readonly #closures = new Map<string, Set<string>>();
  readonly #owners = new Map<string, ApiGroupVersion | undefined>();
  readonly #schemas = new Map<string, JsonSchema>();
  readonly #documents = new Map<string, JsonObject>();

  constructor(generatedDirectory: string) {
    this.#directory = generatedDirectory;
  }

  /** The group-versions the client has API classes for, core first. */
  get groupVersions(): readonly ApiGroupVersion[] {
    return (this.#groupVersions ??= readApiGroupVersions(this.#directory));
  }

  /**
   * The OpenAPI v3 document of a group-version (`components.schemas`): the models its API
   * class names, the models it owns that other API classes return, and everything they
   * reference. Built once; undefined for an unknown group-version.
   */
  document(groupVersion: string): JsonObject | undefined {
    const cached = this.#documents.get(groupVersion);
    if (cached !== undefined || this.#groupVersion(groupVersion) === undefined) return cached;
    const schemas: Record<string, JsonSchema> = {};
    for (const model of [...this.closure(this.#rootsOf(groupVersion))].sort()) {
      const name = this.componentOf(model, groupVersion);
      if (name === undefined) continue;
      schemas[name] = this.#schemaOf(model, name, groupVersion);
      if (QUANTITY_FIELDS.has(name)) schemas[QUANTITY_SCHEMA] = quantitySchema();
      if (this.attributesOf(model).some((attribute) => attribute.type.includes('IntOrString'))) {
        schemas[INT_OR_STRING_SCHEMA] = intOrStringSchema();
      }
    }
    const document = toDocument(schemas);
    this.#documents.set(groupVersion, document);
    return document;
  }

  /** The upstream component name of a model (`V1Pod` → `io.k8s.api.core.v1.Pod`). */
  componentOf(model: string, preferred?: string): string | undefined {
    const apimachinery = APIMACHINERY_MODELS.get(model);
    if (apimachinery !== undefined) return apimachinery;
    const owner = this.ownerOf(model, preferred);
    const kind = splitModelName(model)?.kind;
    if (owner === undefined || kind === undefined) return undefined;
    return componentName(packageOfGroup(owner.group), owner.version, kind);
  }

  /** The group-version owning a model; undefined for apimachinery models and unknown ones. */
  ownerOf(model: string, preferred?: string): ApiGroupVersion | undefined {
    if (this.#owners.has(model)) return this.#owners.get(model);
    const owner = this.#findOwner(model, preferred);
    this.#owners.set(model, owner);
    return owner;
  }

  /** The models reachable from `roots` through their properties' types. */
  closure(roots: Iterable<string>): Set<string> {
    const names = this.#models();
    const seen = new Set<string>();
    const stack = [...roots].filter((root) => names.has(root));
    for (let model = stack.pop(); model !== undefined; model = stack.pop()) {
      if (seen.has(model)) continue;
      seen.add(model);
      stack.push(...this.#referencesOf(model));
    }
    return seen;
  }

  /** Whether the generated code has a model of this name. */
  hasModel(model: string): boolean {
    return this.#models().has(model);
  }

  /** A model's attributes (`attributeTypeMap`). */
  attributesOf(model: string): ModelAttribute[] {
    let attributes = this.#attributes.get(model);
    if (attributes === undefined) {
      attributes = parseAttributeTypeMap(model, this.#read(`${model}.js`));
      this.#attributes.set(model, attributes);
    }
    return attributes;
  }

  #findOwner(model: string, preferred: string | undefined): ApiGroupVersion | undefined {
    if (APIMACHINERY_MODELS.has(model)) return undefined;
    const subresource = SUBRESOURCE_MODELS.get(model);
    if (subresource !== undefined) return this.#groupVersion(subresource);
    const parts = splitModelName(model);
    if (parts === undefined) return undefined;
    const candidates = this.groupVersions.filter((gv) => gv.version === parts.version);
    const { packageName } = parts;
    if (packageName !== undefined) {
      return candidates.find((gv) => packageOfGroup(gv.group) === packageName);
    }
    const rank = (gv: ApiGroupVersion): number =>
      gv.group === '' ? 0 : gv.groupVersion === preferred ? 1 : 2;
    const ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
    return ordered.find((gv) => this.#closureOf(gv.groupVersion).has(model));
  }

  #groupVersion(groupVersion: string): ApiGroupVersion | undefined {
    return this.groupVersions.find((gv) => gv.groupVersion === groupVersion);
  }

  #closureOf(groupVersion: string): Set<string> {
    let closure = this.#closures.get(groupVersion);
    if (closure === undefined) {
      closure = this.closure(this.#groupVersion(groupVersion)?.roots ?? []);
      this.#closures.set(groupVersion, closure);
    }
    return closure;
  }

  /** The API class's models plus those owned here that other API classes return. */
  #rootsOf(groupVersion: string): string[] {
    const own = this.#groupVersion(groupVersion)?.roots ?? [];
    const foreign = this.groupVersions
      .flatMap((gv) => (gv.groupVersion === groupVersion ? [] : gv.roots))
      .filter((model) => this.#isOwnedForeignRoot(model, groupVersion));
    return [...new Set([...own, ...foreign])];
  }

  #isOwnedForeignRoot(model: string, groupVersion: string): boolean {
    const subresource = SUBRESOURCE_MODELS.get(model);
    if (subresource !== undefined) return subresource === groupVersion;
    const parts = splitModelName(model);
    if (parts?.packageName === undefined) return false;
    const gv = this.#groupVersion(groupVersion);
    return gv?.version === parts.version && packageOfGroup(gv.group) === parts.packageName;
  }

  #groupVersionKinds(model: string, name: string): GroupVersionKind[] {
    const fields = new Set(this.attributesOf(model).map((attribute) => attribute.baseName));
    if (!fields.has('apiVersion') || !fields.has('kind')) return [];
    const kind = splitModelName(model)?.kind ?? model;
    if (EVERY_GROUP_KINDS.has(model)) {
      return this.groupVersions.map(({ group, version }) => ({ group, version, kind }));
    }
    if (name === `${META_V1_PREFIX}Status`) return [{ group: '', version: 'v1', kind }];
    const owner = this.ownerOf(model);
    return owner === undefined ? [] : [{ group: owner.group, version: owner.version, kind }];
  }

  #schemaOf(model: string, name: string, groupVersion: string): JsonSchema {
    let schema = this.#schemas.get(model);
    if (schema === undefined) {
      schema = modelSchema({
        schemaName: name,
        attributes: this.attributesOf(model),
        declaration: this.#declarationOf(model),
        componentOf: (referenced) => this.componentOf(referenced, groupVersion),
        groupVersionKinds: this.#groupVersionKinds(model, name),
      });
      this.#schemas.set(model, schema);
    }
    return schema;
  }

  #declarationOf(model: string): ModelDeclaration {
    let declaration = this.#declarations.get(model);
    if (declaration === undefined) {
      declaration = parseModelDeclaration(this.#read(`${model}.d.ts`));
      this.#declarations.set(model, declaration);
    }
    return declaration;
  }

  #referencesOf(model: string): string[] {
    let references = this.#references.get(model);
    if (references === undefined) {
      const names = this.#models();
      const all = this.attributesOf(model).flatMap((attribute) => referencedModels(attribute.type));
      references = [...new Set(all)].filter((name) => names.has(name));
      this.#references.set(model, references);
    }
    return references;
  }

  #models(): Set<string> {
    return (this.#modelNames ??= listModels(join(this.#directory, 'models')));
  }

  #read(file: string): string {
    return readFileSync(join(this.#directory, 'models', file), 'utf8');
  }
}

function listModels(modelsDirectory: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(modelsDirectory)) {
    if (!file.endsWith('.js')) continue;
    const name = file.slice(0, -'.js'.length);
    if (!NOT_MODEL_FILES.has(name)) names.add(name);
  }
  return names;
}

/** A document in the shape of upstream's per-group-version OpenAPI v3 documents. */
function toDocument(schemas: Record<string, JsonSchema>): JsonObject {
  // JsonSchema is JSON by construction; its `enum`/`default` are merely typed `unknown`.
  const components = { schemas } as unknown as JsonObject;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (from @kubernetes/client-node models)', version: 'unversioned' },
    paths: {},
    components,
  };
}
