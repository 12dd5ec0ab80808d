export {
  collectableBuiltins,
  crdResource,
  resourceId,
  type WatchedResource,
} from './collected-resources.ts';
export {
  deleteWithPropagation,
  gcManager,
  removeFinalizer,
  removeOwnerReferences,
} from './delete-with-propagation.ts';
export {
  finalizersForPropagation,
  finalizersOf,
  foregroundFinalizer,
  orphanFinalizer,
  type PropagationPolicy,
} from '../../apiserver/objects/finalizers-for-propagation.ts';
export {
  createGarbageCollector,
  garbageCollector,
  type GarbageCollectorOptions,
} from './garbage-collector.ts';
export {
  deletingOwnerAction,
  dependentAction,
  type DependentAction,
  type OwnerAction,
  type OwnerState,
} from './gc-decision.ts';
export { OwnerGraph, type GraphEntry } from './owner-graph.ts';
export { groupOf, ownerReferencesOf, type OwnerReference } from './owner-references.ts';
