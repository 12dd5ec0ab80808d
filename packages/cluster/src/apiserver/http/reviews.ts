import type { ResourceDefinition } from '../registry/resource-definition.ts';

/** Whether a resource is a review: created, answered by auth, never stored. */
export function isReview(def: ResourceDefinition): boolean {
  return def.group === 'authorization.k8s.io' || def.group === 'authentication.k8s.io';
}
