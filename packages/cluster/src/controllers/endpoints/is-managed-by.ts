import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';

/** Whether a field manager has written to the object (per its `metadata.managedFields`). */
export function isManagedBy(obj: KubeObject, manager: string): boolean {
  const fields = obj.metadata['managedFields'];
  return Array.isArray(fields) && fields.some((f) => isJsonObject(f) && f['manager'] === manager);
}
