import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { metaString } from '../objects/lifecycle.ts';
import { applyJsonPatch, applyMergePatch, PatchError } from '../patch/index.ts';
import type { ResourceDefinition, ScaleDefinition } from '../registry/resource-definition.ts';
import { labelSelectorFromSpec, labelSelectorToString } from '../selectors/index.ts';
import { statusErrors } from '../status-error.ts';
import { evaluateJsonPath } from '../tables/index.ts';

/** Reads a simple `.a.b.c` path. */
function readPath(obj: Json, path: string): Json | undefined {
  const values = evaluateJsonPath(obj, path);
  return values[0];
}

/** Writes a simple `.a.b.c` path, creating objects on the way. */
function writePath(obj: JsonObject, path: string, value: Json): void {
  const keys = path.replace(/^\./, '').split('.');
  const last = keys.pop();
  if (last === undefined) return;
  let node = obj;
  for (const key of keys) {
    const next = node[key];
    if (isJsonObject(next)) node = next;
    else {
      const created: JsonObject = {};
      node[key] = created;
      node = created;
    }
  }
  node[last] = value;
}

function selectorString(def: ResourceDefinition, scale: ScaleDefinition, obj: KubeObject): string {
  if (def.source === 'builtin') {
    const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
    return spec['selector'] === undefined
      ? ''
      : labelSelectorToString(labelSelectorFromSpec(spec['selector']));
  }
  const value =
    scale.labelSelectorPath === undefined ? undefined : readPath(obj, scale.labelSelectorPath);
  return typeof value === 'string' ? value : '';
}

function scaleDefinition(def: ResourceDefinition): ScaleDefinition {
  if (def.scale === undefined) throw statusErrors.pathNotFound();
  return def.scale;
}

/** The `autoscaling/v1` Scale of an object. */
export function scaleOf(def: ResourceDefinition, obj: KubeObject): KubeObject {
  const scale = scaleDefinition(def);
  const specReplicas = readPath(obj, scale.specReplicasPath);
  const statusReplicas = readPath(obj, scale.statusReplicasPath);
  const metadata: JsonObject = {};
  for (const key of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']) {
    const value = metaString(obj, key);
    if (value !== '') metadata[key] = value;
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      selector: selectorString(def, scale, obj),
    },
  };
}

/** The replica count a Scale asks for, checked. */
export function replicasOf(scale: Json): number {
  const spec = isJsonObject(scale) && isJsonObject(scale['spec']) ? scale['spec'] : {};
  const replicas = spec['replicas'] ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw statusErrors.invalid(
      'Scale',
      '',
      [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        },
      ],
      'autoscaling',
    );
  }
  return replicas;
}

/** The object with its replica count set from a Scale. */
export function withReplicas(
  def: ResourceDefinition,
  obj: KubeObject,
  replicas: number,
): KubeObject {
  const next = structuredClone(obj);
  writePath(next, scaleDefinition(def).specReplicasPath, replicas);
  return next;
}

/** Applies a JSON or merge patch (or a strategic one, which for Scale is the same) to a Scale. */
export function patchScale(scale: KubeObject, type: string, patch: Json): Json {
  try {
    return type === 'application/json-patch+json'
      ? applyJsonPatch(scale, patch)
      : applyMergePatch(scale, patch);
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.malformed) throw statusErrors.badRequest(error.message);
      throw statusErrors.invalid(
        'Scale',
        metaString(scale, 'name'),
        [{ reason: 'FieldValueInvalid', field: 'patch', message: error.message }],
        'autoscaling',
      );
    }
    throw error;
  }
}
