/**
 * Descriptors of apps/v1 Deployment and batch/v1 Job and CronJob (field numbers from the
 * generated.proto files of k8s.io/api/apps/v1 and k8s.io/api/batch/v1). Job pod-failure and
 * success policies are not described, so they are skipped.
 */
import { objectReference, podTemplateSpec } from './core-v1-messages.ts';
import { list, message, opt, ptr, req } from './message-schema.ts';
import { labelSelector, objectMeta, workloadCondition } from './meta-v1-messages.ts';

const deploymentStrategy = message('DeploymentStrategy', {
  type: opt(1, 'string'),
  rollingUpdate: ptr(
    2,
    message('RollingUpdateDeployment', {
      maxUnavailable: ptr(1, 'intOrString'),
      maxSurge: ptr(2, 'intOrString'),
    }),
  ),
});

const deploymentSpec = message('DeploymentSpec', {
  replicas: ptr(1, 'int32'),
  selector: ptr(2, labelSelector),
  template: req(3, podTemplateSpec),
  strategy: opt(4, deploymentStrategy),
  minReadySeconds: opt(5, 'int32'),
  revisionHistoryLimit: ptr(6, 'int32'),
  paused: opt(7, 'bool'),
  progressDeadlineSeconds: ptr(9, 'int32'),
});

const deploymentStatus = message('DeploymentStatus', {
  observedGeneration: opt(1, 'int64'),
  replicas: opt(2, 'int32'),
  updatedReplicas: opt(3, 'int32'),
  readyReplicas: opt(7, 'int32'),
  availableReplicas: opt(4, 'int32'),
  unavailableReplicas: opt(5, 'int32'),
  terminatingReplicas: ptr(9, 'int32'),
  conditions: list(
    6,
    workloadCondition(
      'DeploymentCondition',
      { type: 1, status: 2, reason: 4, message: 5 },
      { lastUpdateTime: 6, lastTransitionTime: 7 },
    ),
  ),
  collisionCount: ptr(8, 'int32'),
});

export const deployment = message('Deployment', {
  metadata: opt(1, objectMeta),
  spec: opt(2, deploymentSpec),
  status: opt(3, deploymentStatus),
});

const jobSpec = message('JobSpec', {
  parallelism: ptr(1, 'int32'),
  completions: ptr(2, 'int32'),
  activeDeadlineSeconds: ptr(3, 'int64'),
  backoffLimit: ptr(7, 'int32'),
  backoffLimitPerIndex: ptr(12, 'int32'),
  maxFailedIndexes: ptr(13, 'int32'),
  selector: ptr(4, labelSelector),
  manualSelector: ptr(5, 'bool'),
  template: req(6, podTemplateSpec),
  ttlSecondsAfterFinished: ptr(8, 'int32'),
  completionMode: ptr(9, 'string'),
  suspend: ptr(10, 'bool'),
  podReplacementPolicy: ptr(14, 'string'),
  managedBy: ptr(15, 'string'),
});

const jobStatus = message('JobStatus', {
  conditions: list(
    1,
    workloadCondition(
      'JobCondition',
      { type: 1, status: 2, reason: 5, message: 6 },
      { lastProbeTime: 3, lastTransitionTime: 4 },
    ),
  ),
  startTime: ptr(2, 'time'),
  completionTime: ptr(3, 'time'),
  active: opt(4, 'int32'),
  succeeded: opt(5, 'int32'),
  failed: opt(6, 'int32'),
  terminating: ptr(11, 'int32'),
  completedIndexes: opt(7, 'string'),
  failedIndexes: ptr(10, 'string'),
  ready: ptr(9, 'int32'),
});

export const job = message('Job', {
  metadata: opt(1, objectMeta),
  spec: opt(2, jobSpec),
  status: opt(3, jobStatus),
});

const cronJobSpec = message('CronJobSpec', {
  schedule: req(1, 'string'),
  timeZone: ptr(8, 'string'),
  startingDeadlineSeconds: ptr(2, 'int64'),
  concurrencyPolicy: opt(3, 'string'),
  suspend: ptr(4, 'bool'),
  jobTemplate: req(
    5,
    message('JobTemplateSpec', { metadata: opt(1, objectMeta), spec: opt(2, jobSpec) }),
  ),
  successfulJobsHistoryLimit: ptr(6, 'int32'),
  failedJobsHistoryLimit: ptr(7, 'int32'),
});

export const cronJob = message('CronJob', {
  metadata: opt(1, objectMeta),
  spec: opt(2, cronJobSpec),
  status: opt(
    3,
    message('CronJobStatus', {
      active: list(1, objectReference),
      lastScheduleTime: ptr(4, 'time'),
      lastSuccessfulTime: ptr(5, 'time'),
    }),
  ),
});
