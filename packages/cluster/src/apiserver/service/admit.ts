import { isCrdKind } from '../registry/resource-definition.ts';
import { validateCrd } from '../crd/crd-resources.ts';
import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { applyKindDefaults } from '../objects/kind-defaults.ts';
import { metaString } from '../objects/lifecycle.ts';
import { metadataCauses } from '../objects/metadata-checks.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { applyDefaults, pruneObject, validateObject } from '../structural/index.ts';
import type { AdmissionAttributes, ServiceContext } from './service-context.ts';
import type { FieldValidation } from './write-options.ts';

/** The object after decoding-time checks, and the warnings for the client. */
export interface Admitted {
  readonly object: KubeObject;
  readonly warnings: string[];
}

function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path.replace(/^\./, ''))}`;
}

/**
 * Drops fields the kind's schema does not know, as a real server's decoder (built-ins) or
 * pruning (custom resources) does; `Strict` refuses them instead and `Warn` reports them.
 */
export function pruneUnknown(
  ctx: ServiceContext,
  def: ResourceDefinition,
  obj: KubeObject,
  validation: FieldValidation,
): Admitted {
  const { schema, resolve } = ctx.schemas(def);
  if (schema === undefined) return { object: obj, warnings: [] };
  const { value, pruned } = pruneObject(obj, schema, resolve, {
    isResourceRoot: true,
    builtIn: def.source === 'builtin',
  });
  if (pruned.length > 0 && validation === 'Strict') {
    throw statusErrors.badRequest(
      `strict decoding error: ${pruned.map(unknownFieldMessage).join(', ')}`,
    );
  }
  const warnings = validation === 'Warn' ? pruned.map(unknownFieldMessage) : [];
  const object = def.source === 'builtin' ? withoutNulls(value) : value;
  return { object: object as KubeObject, warnings };
}

/**
 * Built-in kinds are Go structs: a JSON `null` decodes to the zero value and is not written back
 * (kubectl sends `creationTimestamp: null`). Drops null object members, recursively.
 */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, member] of Object.entries(value))
    if (member !== null) result[key] = withoutNulls(member);
  return result;
}

/** Applies defaults (built-in rules, or the CRD schema's `default`s). */
export function defaultObject(
  ctx: ServiceContext,
  def: ResourceDefinition,
  obj: KubeObject,
  create: boolean,
): KubeObject {
  if (def.source === 'builtin') {
    applyKindDefaults(def, obj, create);
    return obj;
  }
  const { schema, resolve } = ctx.schemas(def);
  return schema === undefined ? obj : (applyDefaults(obj, schema, resolve) as KubeObject);
}

/** Validates an object against its schema and the kind's own rules; throws a 422. */
export function validate(ctx: ServiceContext, def: ResourceDefinition, obj: KubeObject): void {
  if (isCrdKind(def)) validateCrd(obj);
  const { schema, resolve } = ctx.schemas(def);
  const causes = [
    ...metadataCauses(obj),
    ...(schema === undefined ? [] : validateObject(obj, schema, resolve)),
  ];
  if (causes.length > 0)
    throw statusErrors.invalid(def.kind, metaString(obj, 'name'), causes, def.group);
}

/**
 * Mutating admission, then validation, then validating admission — the order kube-apiserver
 * uses after decoding and defaulting. Returns the admitted object and the webhooks' warnings.
 */
export async function admitWrite(
  ctx: ServiceContext,
  attributes: AdmissionAttributes & { object: KubeObject },
): Promise<Admitted> {
  const mutated = await ctx.admission.mutate(attributes);
  const object = mutated.object ?? attributes.object;
  validate(ctx, attributes.def, object);
  const validated = await ctx.admission.validate({ ...attributes, object });
  return { object, warnings: [...mutated.warnings, ...validated.warnings] };
}
