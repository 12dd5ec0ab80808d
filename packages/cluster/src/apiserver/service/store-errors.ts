import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { StoreError } from '../storage/index.ts';

/** Runs a store operation, turning its typed failures into Kubernetes' Status errors. */
export function storeCall<T>(def: ResourceDefinition, name: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw toStatusError(def, name, error);
  }
}

function toStatusError(def: ResourceDefinition, name: string, error: unknown): unknown {
  if (!(error instanceof StoreError)) return error;
  switch (error.code) {
    case 'exists':
      return statusErrors.alreadyExists(def.plural, name, def.group);
    case 'not-found':
      return statusErrors.notFound(def.plural, name, def.group);
    case 'conflict':
      return statusErrors.conflict(def.plural, name, def.group);
    default:
      return error;
  }
}
