import {
  configMap,
  namespace,
  resourceQuota,
  secret,
  service,
  serviceAccount,
} from './core-v1-messages.ts';
import type { MessageSchema } from './message-schema.ts';
import {
  ingress,
  podDisruptionBudget,
  priorityClass,
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
  tokenRequest,
} from './misc-group-messages.ts';
import { clusterRole, role, roleBinding } from './rbac-v1-messages.ts';
import { cronJob, deployment, job } from './workload-messages.ts';

const rbac = 'rbac.authorization.k8s.io/v1';

/** The kinds whose protobuf bodies we decode, keyed `apiVersion/Kind` (e.g. `apps/v1/Deployment`). */
export const protobufKinds: ReadonlyMap<string, MessageSchema> = new Map([
  ['v1/Namespace', namespace],
  ['v1/ConfigMap', configMap],
  ['v1/Secret', secret],
  ['v1/Service', service],
  ['v1/ServiceAccount', serviceAccount],
  ['v1/ResourceQuota', resourceQuota],
  ['apps/v1/Deployment', deployment],
  ['batch/v1/Job', job],
  ['batch/v1/CronJob', cronJob],
  [`${rbac}/Role`, role],
  [`${rbac}/ClusterRole`, clusterRole],
  [`${rbac}/RoleBinding`, roleBinding],
  [`${rbac}/ClusterRoleBinding`, roleBinding],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', selfSubjectAccessReview],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', selfSubjectRulesReview],
  ['authentication.k8s.io/v1/SelfSubjectReview', selfSubjectReview],
  ['authentication.k8s.io/v1/TokenRequest', tokenRequest],
  ['policy/v1/PodDisruptionBudget', podDisruptionBudget],
  ['scheduling.k8s.io/v1/PriorityClass', priorityClass],
  ['networking.k8s.io/v1/Ingress', ingress],
]);
