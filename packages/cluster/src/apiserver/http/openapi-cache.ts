import type { JsonObject } from '../json.ts';
import type { JsonSchema } from '../json-schema.ts';
import {
  documentHash,
  openApiV3Document,
  openApiV3Index,
  type BuiltinSchemas,
  type OpenApiResource,
} from '../openapi/index.ts';
import { encodeOpenApiV2Protobuf, swaggerFromV3 } from '../openapi/v2/index.ts';
import type { Registry } from '../registry/registry.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';

/** A schema that accepts anything: built-in kinds without an upstream schema. */
const anyObject: JsonSchema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

interface Built {
  readonly generation: number;
  v2?: { json: string; protobuf: Uint8Array };
  readonly documents: Map<string, { doc: JsonObject; hash: string }>;
  readonly index: JsonObject;
}

/**
 * The `/openapi/v3` index and per-group-version documents, generated from the registry and
 * rebuilt only when the set of resources changes.
 */
export class OpenApiCache {
  readonly #registry: Registry;
  readonly #builtins: BuiltinSchemas;
  #built: Built | undefined;

  constructor(registry: Registry, builtins: BuiltinSchemas) {
    this.#registry = registry;
    this.#builtins = builtins;
  }

  index(): JsonObject {
    return this.#current().index;
  }

  /** `/openapi/v2`: all group-versions in one Swagger 2.0 document, as JSON text and gnostic protobuf. */
  v2(): { json: string; protobuf: Uint8Array } {
    const built = this.#current();
    if (built.v2 === undefined) {
      const swagger = swaggerFromV3([...built.documents.values()].map((d) => d.doc));
      built.v2 = { json: JSON.stringify(swagger), protobuf: encodeOpenApiV2Protobuf(swagger) };
    }
    return built.v2;
  }

  /** The document of a group-version, or undefined when it is not served. */
  document(group: string, version: string): JsonObject | undefined {
    return this.#current().documents.get(`${group}/${version}`)?.doc;
  }

  #resource(def: ResourceDefinition): OpenApiResource {
    const builtinName =
      def.source === 'builtin'
        ? this.#builtins.nameFor(def.group, def.version, def.kind)
        : undefined;
    const schema =
      def.source === 'crd'
        ? (def.schema ?? anyObject)
        : (this.#builtins.schemaFor(def.group, def.version, def.kind) ?? anyObject);
    return {
      group: def.group,
      version: def.version,
      kind: def.kind,
      plural: def.plural,
      namespaced: def.namespaced,
      subresources: def.subresources.map((s) => s.name),
      schema,
      ...(builtinName === undefined ? {} : { builtinSchemaName: builtinName }),
    };
  }

  #current(): Built {
    if (this.#built?.generation === this.#registry.generation) return this.#built;
    const documents = new Map<string, { doc: JsonObject; hash: string }>();
    for (const group of this.#registry.groups()) {
      for (const version of group.versions) {
        const resources = this.#registry
          .all()
          .filter((d) => d.group === group.name && d.version === version)
          .map((d) => this.#resource(d));
        const doc = openApiV3Document({
          group: group.name,
          version,
          resources,
          resolve: this.#builtins.resolve,
        });
        documents.set(`${group.name}/${version}`, { doc, hash: documentHash(doc) });
      }
    }
    const index = openApiV3Index(
      [...documents.entries()].map(([key, { hash }]) => {
        const [group = '', version = ''] = key.split('/');
        return { group, version, hash };
      }),
    );
    this.#built = { generation: this.#registry.generation, documents, index };
    return this.#built;
  }
}
