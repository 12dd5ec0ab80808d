import { isJsonObject, type Json, type JsonObject } from '../../json.ts';
import { v2SchemaFromV3, type V2SchemaContext } from './v2-schema-from-v3.ts';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);
const OPERATION_KEYS = ['tags', 'summary', 'description', 'operationId', 'deprecated'];
/** What a v2 non-body parameter takes over from its v3 `schema`. */
const PARAMETER_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'default',
  'enum',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
];
const PARAMETER_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array']);

/**
 * One Swagger 2.0 document (`/openapi/v2`) merged from the per-group-version OpenAPI v3
 * documents that `openApiV3Document` builds: every path with its operations (parameters
 * flattened to v2 form, the request body as an `in: body` parameter, `consumes`/`produces` from
 * the media types, responses with their schema, `x-kubernetes-action` and the
 * `x-kubernetes-group-version-kind` object kept), and every component schema as a definition
 * in kube-apiserver's v2 form (see `v2SchemaFromV3`). Paths and definitions are sorted; a
 * path or schema name present in several documents is taken from the first.
 */
export function swaggerFromV3(documents: readonly JsonObject[]): JsonObject {
  const schemas = new Map<string, Json>();
  const paths = new Map<string, Json>();
  for (const document of documents) {
    const components = document.components;
    const named = isJsonObject(components) ? components.schemas : undefined;
    if (isJsonObject(named)) addAbsent(schemas, named);
    if (isJsonObject(document.paths)) addAbsent(paths, document.paths);
  }
  const context: V2SchemaContext = { definitions: new Set(schemas.keys()) };
  const definitions: JsonObject = {};
  for (const [name, schema] of sorted(schemas)) definitions[name] = v2SchemaFromV3(schema, context);
  const v2Paths: JsonObject = {};
  for (const [path, item] of sorted(paths)) {
    if (isJsonObject(item)) v2Paths[path] = pathItem(item, context);
  }
  return { swagger: '2.0', info: infoOf(documents), paths: v2Paths, definitions };
}

function addAbsent(into: Map<string, Json>, from: JsonObject): void {
  for (const [name, value] of Object.entries(from)) if (!into.has(name)) into.set(name, value);
}

function sorted(entries: ReadonlyMap<string, Json>): [string, Json][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function infoOf(documents: readonly JsonObject[]): JsonObject {
  const info = documents.map((document) => document.info).find(isJsonObject) ?? {};
  return {
    title: typeof info.title === 'string' ? info.title : 'Kubernetes',
    version: typeof info.version === 'string' ? info.version : 'unversioned',
  };
}

function pathItem(item: JsonObject, context: V2SchemaContext): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(item)) {
    if (METHODS.has(key) && isJsonObject(value)) out[key] = operation(value, context);
    else if (key === 'parameters' && Array.isArray(value)) out.parameters = parameters(value);
    else if (key.startsWith('x-')) out[key] = value;
  }
  return out;
}

function operation(op: JsonObject, context: V2SchemaContext): JsonObject {
  const out: JsonObject = {};
  copyKeys(op, out, OPERATION_KEYS);
  const body = isJsonObject(op.requestBody) ? op.requestBody : undefined;
  const consumes = body === undefined ? [] : mediaTypes(body);
  if (consumes.length > 0) out.consumes = consumes;
  const responses = isJsonObject(op.responses) ? op.responses : {};
  const produces = [...new Set(Object.values(responses).flatMap(mediaTypes))];
  if (produces.length > 0) out.produces = produces;
  out.schemes = ['https'];
  const params = [
    ...(body === undefined ? [] : [bodyParameter(body, context)]),
    ...parameters(Array.isArray(op.parameters) ? op.parameters : []),
  ];
  if (params.length > 0) out.parameters = params;
  out.responses = v2Responses(responses, context);
  copyExtensions(op, out);
  return out;
}

function copyKeys(from: JsonObject, to: JsonObject, keys: readonly string[]): void {
  for (const key of keys) {
    const value = from[key];
    if (value !== undefined) to[key] = value;
  }
}

function copyExtensions(from: JsonObject, to: JsonObject): void {
  for (const [key, value] of Object.entries(from)) if (key.startsWith('x-')) to[key] = value;
}

function mediaTypes(holder: Json): string[] {
  return isJsonObject(holder) && isJsonObject(holder.content) ? Object.keys(holder.content) : [];
}

/** The schema of the first media type of a request body or response, if any. */
function contentSchema(holder: JsonObject): Json | undefined {
  const content = isJsonObject(holder.content) ? Object.values(holder.content) : [];
  const first = content.find(isJsonObject);
  return first?.schema;
}

function bodyParameter(body: JsonObject, context: V2SchemaContext): JsonObject {
  const out: JsonObject = { name: 'body', in: 'body' };
  if (typeof body.description === 'string') out.description = body.description;
  if (body.required === true) out.required = true;
  out.schema = v2SchemaFromV3(contentSchema(body) ?? {}, context);
  return out;
}

/** v2 non-body parameters; a `$ref` (our v3 documents inline every parameter) is left out. */
function parameters(list: readonly Json[]): JsonObject[] {
  return list
    .filter(isJsonObject)
    .filter((param) => typeof param.$ref !== 'string' && typeof param.name === 'string')
    .map(nonBodyParameter);
}

/** A v2 non-body parameter: the v3 `schema`'s primitive keys move onto the parameter. */
function nonBodyParameter(param: JsonObject): JsonObject {
  const out: JsonObject = {};
  copyKeys(isJsonObject(param.schema) ? param.schema : {}, out, PARAMETER_SCHEMA_KEYS);
  if (typeof out.type !== 'string' || !PARAMETER_TYPES.has(out.type)) out.type = 'string';
  if (out.type === 'array' && !isJsonObject(out.items)) out.items = { type: 'string' };
  copyKeys(param, out, ['description', 'name', 'in', 'required']);
  copyExtensions(param, out);
  return out;
}

function v2Responses(responses: JsonObject, context: V2SchemaContext): JsonObject {
  const out: JsonObject = {};
  for (const [code, value] of Object.entries(responses)) {
    if (code.startsWith('x-')) {
      out[code] = value;
      continue;
    }
    if (!isJsonObject(value) || typeof value.$ref === 'string') continue;
    const response: JsonObject = {
      description: typeof value.description === 'string' ? value.description : '',
    };
    const schema = contentSchema(value);
    if (schema !== undefined) response.schema = v2SchemaFromV3(schema, context);
    out[code] = response;
  }
  return out;
}
