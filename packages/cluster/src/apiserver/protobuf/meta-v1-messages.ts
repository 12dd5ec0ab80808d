/**
 * Descriptors of k8s.io/apimachinery/pkg/apis/meta/v1 messages (field numbers from its
 * generated.proto). managedFields is left out: kubectl's generators never send it.
 */
import { type MessageSchema, list, map, message, opt, ptr, req } from './message-schema.ts';

export const ownerReference = message('OwnerReference', {
  apiVersion: req(5, 'string'),
  kind: req(1, 'string'),
  name: req(3, 'string'),
  uid: req(4, 'string'),
  controller: ptr(6, 'bool'),
  blockOwnerDeletion: ptr(7, 'bool'),
});

export const objectMeta = message('ObjectMeta', {
  name: opt(1, 'string'),
  generateName: opt(2, 'string'),
  namespace: opt(3, 'string'),
  selfLink: opt(4, 'string'),
  uid: opt(5, 'string'),
  resourceVersion: opt(6, 'string'),
  generation: opt(7, 'int64'),
  creationTimestamp: opt(8, 'time'),
  deletionTimestamp: ptr(9, 'time'),
  deletionGracePeriodSeconds: ptr(10, 'int64'),
  labels: map(11, 'string'),
  annotations: map(12, 'string'),
  ownerReferences: list(13, ownerReference),
  finalizers: list(14, 'string'),
});

export const labelSelectorRequirement = message('LabelSelectorRequirement', {
  key: req(1, 'string'),
  operator: req(2, 'string'),
  values: list(3, 'string'),
});

export const labelSelector = message('LabelSelector', {
  matchLabels: map(1, 'string'),
  matchExpressions: list(2, labelSelectorRequirement),
});

/** metav1.Condition, the standard status condition. */
export const condition = message('Condition', {
  type: req(1, 'string'),
  status: req(2, 'string'),
  observedGeneration: opt(3, 'int64'),
  lastTransitionTime: req(4, 'time'),
  reason: req(5, 'string'),
  message: req(6, 'string'),
});

/** The shape shared by the condition types of Jobs, Deployments and Namespaces. */
export function workloadCondition(
  name: string,
  numbers: Readonly<Record<'type' | 'status' | 'reason' | 'message', number>>,
  times: Readonly<Record<string, number>>,
): MessageSchema {
  const timeFields = Object.fromEntries(
    Object.entries(times).map(([json, no]) => [json, opt(no, 'time')]),
  );
  return message(name, {
    type: req(numbers.type, 'string'),
    status: req(numbers.status, 'string'),
    ...timeFields,
    reason: opt(numbers.reason, 'string'),
    message: opt(numbers.message, 'string'),
  });
}
