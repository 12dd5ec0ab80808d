import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { Json, JsonObject } from '../json.ts';
import { collectSchemas } from './collect-schemas.ts';
import { customResourceSchemas } from './custom-resource-schemas.ts';
import { COMPONENTS_PREFIX } from './load-builtin-schemas.ts';
import { resourcePaths } from './resource-paths.ts';

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/** One resource of a group-version, as the document generator needs it. */
export interface OpenApiResource {
  /** Empty for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Subresource names, e.g. `status`, `scale`, `log`; only `status` and `scale` get paths. */
  readonly subresources: readonly string[];
  /** A custom resource's `openAPIV3Schema`, or a built-in kind's schema from the catalog. */
  readonly schema: JsonSchema;
  /**
   * Set for built-in kinds only: the upstream component name (`BuiltinSchemas.nameFor`). The
   * schema is then published as is, under that name, with `<name>List` resolved for lists, and
   * patches may be strategic. Absent for custom resources, whose schemas are named and wrapped
   * as apiextensions-apiserver does (`io.kubevirt.v1.VirtualMachine`).
   */
  readonly builtinSchemaName?: string;
}

/** A group-version's resources, and where the schemas they reference come from. */
export interface OpenApiDocumentInput {
  readonly group: string;
  readonly version: string;
  readonly resources: readonly OpenApiResource[];
  /**
   * Resolves `#/components/schemas/…` refs (ObjectMeta, ListMeta, Status, and everything a
   * built-in schema references), usually `loadBuiltinSchemas().resolve`. A ref that does not
   * resolve is replaced by a schema accepting any value, so the document stays self-contained.
   */
  readonly resolve?: SchemaResolver;
}

interface KindSchemas {
  readonly resource: OpenApiResource;
  readonly name: string;
  readonly listName: string;
}

/**
 * The OpenAPI v3 document of one group-version (`/openapi/v3/apis/<group>/<version>`): a path
 * item per resource path, with a `patch` operation carrying `x-kubernetes-group-version-kind`
 * and the `fieldValidation` parameter, and `components.schemas` holding every kind (tagged with
 * `x-kubernetes-group-version-kind`) and each schema they reference, transitively. Paths and
 * schemas are sorted so equal inputs give equal output. Build it once per registry change.
 */
export function openApiV3Document(input: OpenApiDocumentInput): JsonObject {
  const resolve = input.resolve ?? (() => undefined);
  const roots = new Map<string, JsonSchema>();
  const kinds = input.resources.map((resource) => addKindSchemas(resource, roots, resolve));
  const scaled = input.resources.some((resource) => resource.subresources.includes('scale'));
  for (const name of scaled ? [STATUS, SCALE] : [STATUS]) {
    const schema = resolve(COMPONENTS_PREFIX + name);
    if (schema !== undefined) roots.set(name, schema);
  }
  const { schemas } = collectSchemas(roots, resolve);
  const schemaOf = (name: string): JsonObject =>
    schemas.has(name) ? { $ref: COMPONENTS_PREFIX + name } : { type: 'object' };
  const paths = kinds.flatMap(({ resource, name, listName }) =>
    resourcePaths({
      ...resource,
      kindSchema: schemaOf(name),
      listSchema: schemaOf(listName),
      statusSchema: schemaOf(STATUS),
      scaleSchema: schemaOf(SCALE),
      strategicMergePatch: resource.builtinSchemaName !== undefined,
    }),
  );
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(paths.sort(byKey)),
    components: { schemas: Object.fromEntries([...schemas].sort(byKey)) as Record<string, Json> },
  };
}

function addKindSchemas(
  resource: OpenApiResource,
  roots: Map<string, JsonSchema>,
  resolve: SchemaResolver,
): KindSchemas {
  const builtinName = resource.builtinSchemaName;
  if (builtinName !== undefined) {
    roots.set(builtinName, resource.schema);
    const listName = `${builtinName}List`;
    const list = resolve(COMPONENTS_PREFIX + listName);
    if (list !== undefined) roots.set(listName, list);
    return { resource, name: builtinName, listName };
  }
  const custom = customResourceSchemas(resource);
  roots.set(custom.name, custom.schema);
  roots.set(custom.listName, custom.listSchema);
  return { resource, name: custom.name, listName: custom.listName };
}

function byKey([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
