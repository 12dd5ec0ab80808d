export { conditionOf, nodeReadyStatus } from './node-conditions.ts';
export {
  desiredNodeTaints,
  lastHeartbeat,
  notReadyTaintKey,
  silentNodeConditions,
  taintJson,
  unreachableTaintKey,
} from './node-health.ts';
export {
  createNodeLifecycle,
  leasesRef,
  nodeControllerManager,
  nodeLeaseNamespace,
  nodeLifecycle,
  type NodeLifecycleOptions,
} from './node-lifecycle.ts';
export { evictionTime, withDefaultTolerations } from './taint-eviction.ts';
