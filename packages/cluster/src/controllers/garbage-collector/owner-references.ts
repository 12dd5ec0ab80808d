import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';

/** One entry of `metadata.ownerReferences`. */
export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: boolean;
  readonly blockOwnerDeletion: boolean;
}

/** The owner references of an object (malformed entries skipped). */
export function ownerReferencesOf(obj: KubeObject): OwnerReference[] {
  const list = obj.metadata['ownerReferences'];
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).flatMap((r) =>
    typeof r['uid'] === 'string' && typeof r['kind'] === 'string'
      ? [
          {
            apiVersion: typeof r['apiVersion'] === 'string' ? r['apiVersion'] : '',
            kind: r['kind'],
            name: typeof r['name'] === 'string' ? r['name'] : '',
            uid: r['uid'],
            controller: r['controller'] === true,
            blockOwnerDeletion: r['blockOwnerDeletion'] === true,
          },
        ]
      : [],
  );
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
