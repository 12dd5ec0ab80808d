export { bindPod, podsRef, schedulerManager } from './bind-pod.ts';
export { fitErrorMessage, noNodesMessage, type NodeFailure } from './fit-error-message.ts';
export { matchesNodeAffinity } from './node-affinity.ts';
export { parseQuantity, QuantityError } from './parse-quantity.ts';
export { podRequests, resourceAmounts, type ResourceAmounts } from './pod-requests.ts';
export { eventFor, eventsRef, recordEvent, type EventRecord } from './record-event.ts';
export {
  effectiveTaints,
  holdsResources,
  schedulePod,
  type ScheduleDecision,
} from './schedule-pod.ts';
export {
  createScheduler,
  needsScheduling,
  nodesRef,
  scheduler,
  type SchedulerOptions,
} from './scheduler.ts';
export {
  findUntoleratedTaint,
  taintsOf,
  toleratesTaint,
  tolerationsOf,
  type Taint,
  type Toleration,
} from './tolerates-taint.ts';
