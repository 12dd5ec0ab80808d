import type { JsonObject } from '../json.ts';

/** What the paths of one resource need to know. */
export interface ResourcePathsInput {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly subresources: readonly string[];
  /** The schema of the kind, as a `$ref` or an inline schema. */
  readonly kindSchema: JsonObject;
  /** The schema of `<Kind>List`. */
  readonly listSchema: JsonObject;
  /** The schema of `meta/v1 Status` (answers of deletes). */
  readonly statusSchema: JsonObject;
  /** The schema of `autoscaling/v1 Scale`, for the scale subresource. */
  readonly scaleSchema: JsonObject;
  /** Built-in kinds accept strategic merge patches; custom resources do not. */
  readonly strategicMergePatch: boolean;
}

interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface OperationSpec {
  readonly id: string;
  readonly action: string;
  readonly gvk: Gvk;
  readonly description: string;
  readonly parameters: readonly JsonObject[];
  readonly responses: JsonObject;
  readonly body?: JsonObject;
}

const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
];

/**
 * The OpenAPI path items of one resource, as kube-apiserver publishes them: the collection
 * (list, create, deletecollection), the object (read, replace, patch, delete), the cluster-wide
 * list of namespaced kinds, and the `status` and `scale` subresources. Every operation carries
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind` (an object), and the writes declare
 * the `fieldValidation` query parameter that kubectl looks for.
 */
export function resourcePaths(input: ResourcePathsInput): [string, JsonObject][] {
  const base =
    input.group === '' ? `/api/${input.version}` : `/apis/${input.group}/${input.version}`;
  const scope = input.namespaced ? `${base}/namespaces/{namespace}` : base;
  const collection = `${scope}/${input.plural}`;
  const item = `${collection}/{name}`;
  const namespace = input.namespaced;
  const paths: [string, JsonObject][] = [
    [collection, pathItem(input, { name: false, namespace }, collectionOperations(input))],
    [item, pathItem(input, { name: true, namespace }, itemOperations(input))],
  ];
  if (namespace) {
    const operations = allNamespacesOperations(input);
    paths.push([
      `${base}/${input.plural}`,
      pathItem(input, { name: false, namespace: false }, operations),
    ]);
  }
  for (const subresource of input.subresources) {
    const operations = subresourceOperations(input, subresource);
    if (operations === undefined) continue;
    paths.push([`${item}/${subresource}`, pathItem(input, { name: true, namespace }, operations)]);
  }
  return paths;
}

function pathItem(
  input: ResourcePathsInput,
  scope: { readonly name: boolean; readonly namespace: boolean },
  operations: Record<string, OperationSpec>,
): JsonObject {
  const parameters: JsonObject[] = [];
  if (scope.name) parameters.push(pathParameter('name', `name of the ${input.kind}`));
  if (scope.namespace) {
    parameters.push(
      pathParameter('namespace', 'object name and auth scope, such as for teams and projects'),
    );
  }
  parameters.push(queryParameter('pretty', 'If true, then the output is pretty printed.'));
  const item: JsonObject = {};
  for (const [method, spec] of Object.entries(operations)) item[method] = operation(spec);
  item.parameters = parameters;
  return item;
}

function operation(spec: OperationSpec): JsonObject {
  const result: JsonObject = { description: spec.description, operationId: spec.id };
  if (spec.parameters.length > 0) result.parameters = [...spec.parameters];
  if (spec.body !== undefined) result.requestBody = spec.body;
  result.responses = spec.responses;
  result['x-kubernetes-action'] = spec.action;
  result['x-kubernetes-group-version-kind'] = { ...spec.gvk };
  return result;
}

function collectionOperations(input: ResourcePathsInput): Record<string, OperationSpec> {
  const gvk = gvkOf(input);
  const scope = input.namespaced ? 'Namespaced' : '';
  return {
    get: {
      id: operationId('list', input, `${scope}${input.kind}`),
      action: 'list',
      gvk,
      description: `list or watch objects of kind ${input.kind}`,
      parameters: LIST_PARAMETERS,
      responses: ok(input.listSchema),
    },
    post: {
      id: operationId('create', input, `${scope}${input.kind}`),
      action: 'post',
      gvk,
      description: `create a ${input.kind}`,
      parameters: WRITE_PARAMETERS,
      body: jsonBody(input.kindSchema),
      responses: {
        ...ok(input.kindSchema),
        ...created(input.kindSchema),
        ...accepted(input.kindSchema),
      },
    },
    delete: {
      id: operationId('delete', input, `Collection${scope}${input.kind}`),
      action: 'deletecollection',
      gvk,
      description: `delete collection of ${input.kind}`,
      parameters: [...LIST_PARAMETERS, ...DELETE_PARAMETERS],
      responses: ok(input.statusSchema),
    },
  };
}

function itemOperations(input: ResourcePathsInput): Record<string, OperationSpec> {
  const gvk = gvkOf(input);
  const target = `${input.namespaced ? 'Namespaced' : ''}${input.kind}`;
  return {
    get: readOperation(input, target, gvk),
    put: replaceOperation(input, target, gvk),
    delete: {
      id: operationId('delete', input, target),
      action: 'delete',
      gvk,
      description: `delete a ${input.kind}`,
      parameters: DELETE_PARAMETERS,
      responses: { ...ok(input.statusSchema), ...accepted(input.statusSchema) },
    },
    patch: patchOperation(input, target, gvk),
  };
}

function allNamespacesOperations(input: ResourcePathsInput): Record<string, OperationSpec> {
  return {
    get: {
      id: operationId('list', input, `${input.kind}ForAllNamespaces`),
      action: 'list',
      gvk: gvkOf(input),
      description: `list or watch objects of kind ${input.kind}`,
      parameters: LIST_PARAMETERS,
      responses: ok(input.listSchema),
    },
  };
}

function subresourceOperations(
  input: ResourcePathsInput,
  subresource: string,
): Record<string, OperationSpec> | undefined {
  const base = `${input.namespaced ? 'Namespaced' : ''}${input.kind}`;
  if (subresource === 'status') {
    const target = `${base}Status`;
    const gvk = gvkOf(input);
    return {
      get: readOperation(input, target, gvk),
      put: replaceOperation(input, target, gvk),
      patch: patchOperation(input, target, gvk),
    };
  }
  if (subresource === 'scale') {
    const scale = { ...input, kindSchema: input.scaleSchema, strategicMergePatch: true };
    const target = `${base}Scale`;
    const gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    return {
      get: readOperation(scale, target, gvk),
      put: replaceOperation(scale, target, gvk),
      patch: patchOperation(scale, target, gvk),
    };
  }
  return undefined;
}

function readOperation(input: ResourcePathsInput, target: string, gvk: Gvk): OperationSpec {
  return {
    id: operationId('read', input, target),
    action: 'get',
    gvk,
    description: `read the specified ${input.kind}`,
    parameters: [],
    responses: ok(input.kindSchema),
  };
}

function replaceOperation(input: ResourcePathsInput, target: string, gvk: Gvk): OperationSpec {
  return {
    id: operationId('replace', input, target),
    action: 'put',
    gvk,
    description: `replace the specified ${input.kind}`,
    parameters: WRITE_PARAMETERS,
    body: jsonBody(input.kindSchema),
    responses: { ...ok(input.kindSchema), ...created(input.kindSchema) },
  };
}

function patchOperation(input: ResourcePathsInput, target: string, gvk: Gvk): OperationSpec {
  const types = input.strategicMergePatch
    ? [...PATCH_TYPES, 'application/strategic-merge-patch+json']
    : PATCH_TYPES;
  const patchSchema = {
    type: 'object',
    description: 'The patch, in the format its Content-Type names.',
  };
  return {
    id: operationId('patch', input, target),
    action: 'patch',
    gvk,
    description: `partially update the specified ${input.kind}`,
    parameters: PATCH_PARAMETERS,
    body: {
      content: Object.fromEntries(types.map((type) => [type, { schema: patchSchema }])),
      required: true,
    },
    responses: { ...ok(input.kindSchema), ...created(input.kindSchema) },
  };
}

function gvkOf(input: ResourcePathsInput): Gvk {
  return { group: input.group, version: input.version, kind: input.kind };
}

/** kube-apiserver's operation ids: `patchCoreV1NamespacedPod`, `listKubevirtIoV1VirtualMachineForAllNamespaces`. */
function operationId(verb: string, input: ResourcePathsInput, target: string): string {
  const group = input.group === '' ? 'core' : input.group.replace(/\.k8s\.io$/, '');
  const words = [...group.split(/[.-]/), input.version].filter((word) => word !== '');
  return verb + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('') + target;
}

function jsonBody(schema: JsonObject): JsonObject {
  return { content: { '*/*': { schema } }, required: true };
}

function response(code: string, description: string, schema: JsonObject): JsonObject {
  return { [code]: { description, content: { 'application/json': { schema } } } };
}

const ok = (schema: JsonObject): JsonObject => response('200', 'OK', schema);
const created = (schema: JsonObject): JsonObject => response('201', 'Created', schema);
const accepted = (schema: JsonObject): JsonObject => response('202', 'Accepted', schema);

function pathParameter(name: string, description: string): JsonObject {
  return {
    name,
    in: 'path',
    description,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  };
}

function queryParameter(name: string, description: string, type = 'string'): JsonObject {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const DRY_RUN = queryParameter(
  'dryRun',
  'When present, indicates that modifications should not be persisted. The only valid value is All.',
);
const FIELD_MANAGER = queryParameter(
  'fieldManager',
  'A name associated with the actor or entity making these changes.',
);
const FIELD_VALIDATION = queryParameter(
  'fieldValidation',
  'How the server treats unknown or duplicate fields in the request: Ignore, Warn or Strict.',
);
const WRITE_PARAMETERS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
const PATCH_PARAMETERS = [
  ...WRITE_PARAMETERS,
  queryParameter(
    'force',
    'Force an apply request to take ownership of conflicting fields.',
    'boolean',
  ),
];
const DELETE_PARAMETERS = [
  DRY_RUN,
  queryParameter(
    'gracePeriodSeconds',
    'The duration in seconds before the object is deleted.',
    'integer',
  ),
  queryParameter(
    'propagationPolicy',
    'Whether and how garbage collection is performed: Orphan, Background or Foreground.',
  ),
];
const LIST_PARAMETERS = [
  queryParameter('allowWatchBookmarks', 'Requests watch events with type BOOKMARK.', 'boolean'),
  queryParameter('continue', 'The continue token of a previous list call.'),
  queryParameter(
    'fieldSelector',
    'A selector restricting the list of returned objects by their fields.',
  ),
  queryParameter(
    'labelSelector',
    'A selector restricting the list of returned objects by their labels.',
  ),
  queryParameter('limit', 'The maximum number of responses to return for a list call.', 'integer'),
  queryParameter(
    'resourceVersion',
    'Constrains the resource versions that a request may be served from.',
  ),
  queryParameter('resourceVersionMatch', 'How resourceVersion is applied to list calls.'),
  queryParameter('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  queryParameter('watch', 'Watch for changes to the described resources.', 'boolean'),
];
