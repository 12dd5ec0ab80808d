// Configuration and the logger: also the light `@podvisor/kube/process` entry.
export * from './process.ts';
export { realClock, type Clock, type ClockTimer } from './queue/clock.ts';
export { FakeClock } from './queue/fake-clock.ts';
export { WorkQueue, type WorkQueueOptions } from './queue/work-queue.ts';
export { TerminalError } from './controller/terminal-error.ts';
export type { ReconcileContext, ReconcileResult, Reconciler } from './controller/reconciler.ts';
export {
  runController,
  type ControllerMetricsSink,
  type ReconcileOutcome,
  type RunControllerOptions,
  type RunningController,
} from './controller/run-controller.ts';
export {
  Informer,
  type KubeList,
  type InformerEvent,
  type InformerHandlers,
  type InformerOptions,
} from './informer/informer.ts';
export {
  ObjectStore,
  indexByLabel,
  indexByOwnerUid,
  type IndexFunction,
} from './informer/object-store.ts';
export { objectKey, splitKey } from './informer/object-key.ts';
export {
  controllerOwnerKey,
  enqueueOnChange,
  ownKey,
  type KeyMapper,
  type OwnerKind,
} from './informer/enqueue-on-change.ts';
export {
  startLeaderElection,
  type LeaderElection,
  type LeaderElectionOptions,
} from './leader/leader-election.ts';
export {
  isAlreadyExists,
  isConflict,
  isNotFound,
  statusCodeOf,
  statusReasonOf,
} from './client/api-errors.ts';
export {
  KubeClient,
  resourcePath,
  type KubeClientOptions,
  type ResourceType,
} from './client/kube-client.ts';
export type { KubeObject, KubeObjectMeta, KubeOwnerReference } from './client/kube-object.ts';
export { requestJson, type JsonRequest } from './client/request-json.ts';
export {
  createControllerMetrics,
  metricsContentType,
  metricsText,
  type ControllerMetrics,
} from './metrics/controller-metrics.ts';
export {
  createCertificateAuthority,
  loadCertificateAuthority,
  type CertificateAuthority,
  type CertificateRequest,
  type IssuedCertificate,
} from './pki/certificate-authority.ts';
export {
  loadKubeConfig,
  serviceAccountDir,
  type KubeConfigEnv,
} from './client/load-kube-config.ts';
export {
  createEventRecorder,
  type EventRecorder,
  type EventRecorderOptions,
  type FlushableEventRecorder,
} from './events/event-recorder.ts';
export type { EventNews, EventType } from './events/build-core-event.ts';
export {
  serveMetrics,
  type MetricsServer,
  type ServeMetricsOptions,
} from './metrics/serve-metrics.ts';
