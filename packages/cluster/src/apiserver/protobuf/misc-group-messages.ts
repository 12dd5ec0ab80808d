/**
 * Descriptors of the smaller groups kubectl's commands send as protobuf (field numbers from the
 * generated.proto files of k8s.io/api): authorization/v1 SelfSubjectAccessReview (`auth can-i`),
 * authentication/v1 TokenRequest (`create token`), policy/v1 PodDisruptionBudget, scheduling/v1
 * PriorityClass and networking/v1 Ingress.
 */
import { portStatus } from './core-v1-messages.ts';
import {
  inline,
  list,
  listOrNull,
  map,
  message,
  nullable,
  opt,
  ptr,
  req,
} from './message-schema.ts';
import {
  condition,
  labelSelector,
  labelSelectorRequirement,
  objectMeta,
} from './meta-v1-messages.ts';

/** FieldSelectorAttributes and LabelSelectorAttributes share this shape. */
const selectorAttributes = message('SelectorAttributes', {
  rawSelector: opt(1, 'string'),
  requirements: list(2, labelSelectorRequirement),
});

const resourceAttributes = message('ResourceAttributes', {
  namespace: opt(1, 'string'),
  verb: opt(2, 'string'),
  group: opt(3, 'string'),
  version: opt(4, 'string'),
  resource: opt(5, 'string'),
  subresource: opt(6, 'string'),
  name: opt(7, 'string'),
  fieldSelector: ptr(8, selectorAttributes),
  labelSelector: ptr(9, selectorAttributes),
});

/** authentication/v1 SelfSubjectReview (`kubectl auth whoami`): the request carries only metadata. */
export const selfSubjectReview = message('SelfSubjectReview', {
  metadata: opt(1, objectMeta),
  status: opt(2, message('SelfSubjectReviewStatus', {})),
});

/** authorization/v1 SelfSubjectRulesReview (`kubectl auth can-i --list`). */
export const selfSubjectRulesReview = message('SelfSubjectRulesReview', {
  metadata: opt(1, objectMeta),
  spec: req(2, message('SelfSubjectRulesReviewSpec', { namespace: opt(1, 'string') })),
});

export const selfSubjectAccessReview = message('SelfSubjectAccessReview', {
  metadata: opt(1, objectMeta),
  spec: req(
    2,
    message('SelfSubjectAccessReviewSpec', {
      resourceAttributes: ptr(1, resourceAttributes),
      nonResourceAttributes: ptr(
        2,
        message('NonResourceAttributes', { path: opt(1, 'string'), verb: opt(2, 'string') }),
      ),
    }),
  ),
  status: opt(
    3,
    message('SubjectAccessReviewStatus', {
      allowed: req(1, 'bool'),
      denied: opt(4, 'bool'),
      reason: opt(2, 'string'),
      evaluationError: opt(3, 'string'),
    }),
  ),
});

export const tokenRequest = message('TokenRequest', {
  metadata: opt(1, objectMeta),
  spec: req(
    2,
    message('TokenRequestSpec', {
      audiences: listOrNull(1, 'string'),
      expirationSeconds: ptr(4, 'int64'),
      boundObjectRef: nullable(
        3,
        message('BoundObjectReference', {
          kind: opt(1, 'string'),
          apiVersion: opt(2, 'string'),
          name: opt(3, 'string'),
          uid: opt(4, 'string'),
        }),
      ),
    }),
  ),
  status: opt(
    3,
    message('TokenRequestStatus', {
      token: req(1, 'string'),
      expirationTimestamp: req(2, 'time'),
    }),
  ),
});

export const podDisruptionBudget = message('PodDisruptionBudget', {
  metadata: opt(1, objectMeta),
  spec: opt(
    2,
    message('PodDisruptionBudgetSpec', {
      minAvailable: ptr(1, 'intOrString'),
      selector: ptr(2, labelSelector),
      maxUnavailable: ptr(3, 'intOrString'),
      unhealthyPodEvictionPolicy: ptr(4, 'string'),
    }),
  ),
  status: opt(
    3,
    message('PodDisruptionBudgetStatus', {
      observedGeneration: opt(1, 'int64'),
      disruptedPods: map(2, 'time'),
      disruptionsAllowed: req(3, 'int32'),
      currentHealthy: req(4, 'int32'),
      desiredHealthy: req(5, 'int32'),
      expectedPods: req(6, 'int32'),
      conditions: list(7, condition),
    }),
  ),
});

export const priorityClass = message('PriorityClass', {
  metadata: opt(1, objectMeta),
  value: req(2, 'int32'),
  globalDefault: opt(3, 'bool'),
  description: opt(4, 'string'),
  preemptionPolicy: ptr(5, 'string'),
});

const ingressBackend = message('IngressBackend', {
  service: ptr(
    4,
    message('IngressServiceBackend', {
      name: req(1, 'string'),
      port: opt(
        2,
        message('ServiceBackendPort', { name: opt(1, 'string'), number: opt(2, 'int32') }),
      ),
    }),
  ),
  resource: ptr(
    3,
    message('TypedLocalObjectReference', {
      apiGroup: nullable(1, 'string'),
      kind: req(2, 'string'),
      name: req(3, 'string'),
    }),
  ),
});

const httpIngressPath = message('HTTPIngressPath', {
  path: opt(1, 'string'),
  pathType: ptr(3, 'string'),
  backend: req(2, ingressBackend),
});

const ingressRule = message('IngressRule', {
  host: opt(1, 'string'),
  ingressRuleValue: inline(
    2,
    message('IngressRuleValue', {
      http: ptr(1, message('HTTPIngressRuleValue', { paths: listOrNull(1, httpIngressPath) })),
    }),
  ),
});

export const ingress = message('Ingress', {
  metadata: opt(1, objectMeta),
  spec: opt(
    2,
    message('IngressSpec', {
      ingressClassName: ptr(4, 'string'),
      defaultBackend: ptr(1, ingressBackend),
      tls: list(
        2,
        message('IngressTLS', { hosts: list(1, 'string'), secretName: opt(2, 'string') }),
      ),
      rules: list(3, ingressRule),
    }),
  ),
  status: opt(
    3,
    message('IngressStatus', {
      loadBalancer: opt(
        1,
        message('IngressLoadBalancerStatus', {
          ingress: list(
            1,
            message('IngressLoadBalancerIngress', {
              ip: opt(1, 'string'),
              hostname: opt(2, 'string'),
              ports: list(4, portStatus),
            }),
          ),
        }),
      ),
    }),
  ),
});
