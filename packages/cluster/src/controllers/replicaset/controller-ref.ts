import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';

/** An `ownerReferences[]` entry, as read. */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: boolean;
}

function text(obj: JsonObject, field: string): string {
  const value = obj[field];
  return typeof value === 'string' ? value : '';
}

/** The owner references of an object, as stored (malformed entries skipped). */
export function ownerReferencesOf(obj: KubeObject): JsonObject[] {
  const refs = obj.metadata['ownerReferences'];
  return Array.isArray(refs) ? refs.filter(isJsonObject) : [];
}

/** The owner reference with `controller: true`, if any (`metav1.GetControllerOf`). */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  const ref = ownerReferencesOf(obj).find((r) => r['controller'] === true);
  if (ref === undefined) return undefined;
  return {
    apiVersion: text(ref, 'apiVersion'),
    kind: text(ref, 'kind'),
    name: text(ref, 'name'),
    uid: text(ref, 'uid'),
    controller: true,
  };
}

/** The controller reference a controller puts on what it creates (`metav1.NewControllerRef`). */
export function newControllerRef(owner: KubeObject): JsonObject {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: metaString(owner, 'name'),
    uid: metaString(owner, 'uid'),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The cache key (`namespace/name`) of the object's controller when it is of `kind`. */
export function controllerKeyOf(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerRefOf(obj);
  if (ref?.kind !== kind || ref.name === '') return undefined;
  return `${metaString(obj, 'namespace')}/${ref.name}`;
}

/** Whether `owner` is the controller of `obj` (same UID). */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerRefOf(obj);
  return ref !== undefined && ref.uid === metaString(owner, 'uid');
}
