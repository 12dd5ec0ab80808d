/**
 * Descriptors of k8s.io/api/core/v1 messages (field numbers from its generated.proto). Pod specs
 * cover what kubectl's generators and common hand-written specs use; volumes, probes, lifecycle,
 * affinity and security contexts are not described, so they are skipped.
 */
import {
  type MessageSchema,
  inline,
  list,
  listOrNull,
  map,
  message,
  opt,
  ptr,
  req,
} from './message-schema.ts';
import { condition, objectMeta, workloadCondition } from './meta-v1-messages.ts';

export const localObjectReference = message('LocalObjectReference', {
  name: opt(1, 'string'),
});

export const objectReference = message('ObjectReference', {
  kind: opt(1, 'string'),
  namespace: opt(2, 'string'),
  name: opt(3, 'string'),
  uid: opt(4, 'string'),
  apiVersion: opt(5, 'string'),
  resourceVersion: opt(6, 'string'),
  fieldPath: opt(7, 'string'),
});

const namespaceSpec = message('NamespaceSpec', { finalizers: list(1, 'string') });

const namespaceStatus = message('NamespaceStatus', {
  phase: opt(1, 'string'),
  conditions: list(
    2,
    workloadCondition(
      'NamespaceCondition',
      { type: 1, status: 2, reason: 5, message: 6 },
      { lastTransitionTime: 4 },
    ),
  ),
});

export const namespace = message('Namespace', {
  metadata: opt(1, objectMeta),
  spec: opt(2, namespaceSpec),
  status: opt(3, namespaceStatus),
});

export const configMap = message('ConfigMap', {
  metadata: opt(1, objectMeta),
  immutable: ptr(4, 'bool'),
  data: map(2, 'string'),
  binaryData: map(3, 'bytes'),
});

export const secret = message('Secret', {
  metadata: opt(1, objectMeta),
  immutable: ptr(5, 'bool'),
  data: map(2, 'bytes'),
  stringData: map(4, 'string'),
  type: opt(3, 'string'),
});

export const serviceAccount = message('ServiceAccount', {
  metadata: opt(1, objectMeta),
  secrets: list(2, objectReference),
  imagePullSecrets: list(3, localObjectReference),
  automountServiceAccountToken: ptr(4, 'bool'),
});

const servicePort = message('ServicePort', {
  name: opt(1, 'string'),
  protocol: opt(2, 'string'),
  appProtocol: ptr(6, 'string'),
  port: req(3, 'int32'),
  targetPort: opt(4, 'intOrString'),
  nodePort: opt(5, 'int32'),
});

const sessionAffinityConfig = message('SessionAffinityConfig', {
  clientIP: ptr(1, message('ClientIPConfig', { timeoutSeconds: ptr(1, 'int32') })),
});

const serviceSpec = message('ServiceSpec', {
  ports: list(1, servicePort),
  selector: map(2, 'string'),
  clusterIP: opt(3, 'string'),
  clusterIPs: list(18, 'string'),
  type: opt(4, 'string'),
  externalIPs: list(5, 'string'),
  sessionAffinity: opt(7, 'string'),
  loadBalancerIP: opt(8, 'string'),
  loadBalancerSourceRanges: list(9, 'string'),
  externalName: opt(10, 'string'),
  externalTrafficPolicy: opt(11, 'string'),
  healthCheckNodePort: opt(12, 'int32'),
  publishNotReadyAddresses: opt(13, 'bool'),
  sessionAffinityConfig: ptr(14, sessionAffinityConfig),
  ipFamilies: list(19, 'string'),
  ipFamilyPolicy: ptr(17, 'string'),
  allocateLoadBalancerNodePorts: ptr(20, 'bool'),
  loadBalancerClass: ptr(21, 'string'),
  internalTrafficPolicy: ptr(22, 'string'),
  trafficDistribution: ptr(23, 'string'),
});

/** core/v1 PortStatus, also the shape of networking/v1 IngressPortStatus. */
export const portStatus = message('PortStatus', {
  port: req(1, 'int32'),
  protocol: req(2, 'string'),
  error: ptr(3, 'string'),
});

const loadBalancerStatus = message('LoadBalancerStatus', {
  ingress: list(
    1,
    message('LoadBalancerIngress', {
      ip: opt(1, 'string'),
      hostname: opt(2, 'string'),
      ipMode: ptr(3, 'string'),
      ports: list(4, portStatus),
    }),
  ),
});

export const service = message('Service', {
  metadata: opt(1, objectMeta),
  spec: opt(2, serviceSpec),
  status: opt(
    3,
    message('ServiceStatus', {
      loadBalancer: opt(1, loadBalancerStatus),
      conditions: list(2, condition),
    }),
  ),
});

const scopedResourceSelectorRequirement = message('ScopedResourceSelectorRequirement', {
  scopeName: req(1, 'string'),
  operator: req(2, 'string'),
  values: list(3, 'string'),
});

export const resourceQuota = message('ResourceQuota', {
  metadata: opt(1, objectMeta),
  spec: opt(
    2,
    message('ResourceQuotaSpec', {
      hard: map(1, 'quantity'),
      scopes: list(2, 'string'),
      scopeSelector: ptr(
        3,
        message('ScopeSelector', { matchExpressions: list(1, scopedResourceSelectorRequirement) }),
      ),
    }),
  ),
  status: opt(
    3,
    message('ResourceQuotaStatus', { hard: map(1, 'quantity'), used: map(2, 'quantity') }),
  ),
});

const containerPort = message('ContainerPort', {
  name: opt(1, 'string'),
  hostPort: opt(2, 'int32'),
  containerPort: req(3, 'int32'),
  protocol: opt(4, 'string'),
  hostIP: opt(5, 'string'),
});

/** ConfigMapKeySelector and SecretKeySelector share this shape. */
function keySelector(name: string): MessageSchema {
  return message(name, {
    localObjectReference: inline(1, localObjectReference),
    key: req(2, 'string'),
    optional: ptr(3, 'bool'),
  });
}

/** ConfigMapEnvSource and SecretEnvSource share this shape. */
function envSource(name: string): MessageSchema {
  return message(name, {
    localObjectReference: inline(1, localObjectReference),
    optional: ptr(2, 'bool'),
  });
}

const envVarSource = message('EnvVarSource', {
  fieldRef: ptr(
    1,
    message('ObjectFieldSelector', {
      apiVersion: opt(1, 'string'),
      fieldPath: req(2, 'string'),
    }),
  ),
  resourceFieldRef: ptr(
    2,
    message('ResourceFieldSelector', {
      containerName: opt(1, 'string'),
      resource: req(2, 'string'),
      divisor: opt(3, 'quantity'),
    }),
  ),
  configMapKeyRef: ptr(3, keySelector('ConfigMapKeySelector')),
  secretKeyRef: ptr(4, keySelector('SecretKeySelector')),
});

const envVar = message('EnvVar', {
  name: req(1, 'string'),
  value: opt(2, 'string'),
  valueFrom: ptr(3, envVarSource),
});

const envFromSource = message('EnvFromSource', {
  prefix: opt(1, 'string'),
  configMapRef: ptr(2, envSource('ConfigMapEnvSource')),
  secretRef: ptr(3, envSource('SecretEnvSource')),
});

const resourceRequirements = message('ResourceRequirements', {
  limits: map(1, 'quantity'),
  requests: map(2, 'quantity'),
  claims: list(3, message('ResourceClaim', { name: req(1, 'string'), request: opt(2, 'string') })),
});

const volumeMount = message('VolumeMount', {
  name: req(1, 'string'),
  readOnly: opt(2, 'bool'),
  recursiveReadOnly: ptr(7, 'string'),
  mountPath: req(3, 'string'),
  subPath: opt(4, 'string'),
  mountPropagation: ptr(5, 'string'),
  subPathExpr: opt(6, 'string'),
});

export const container = message('Container', {
  name: req(1, 'string'),
  image: opt(2, 'string'),
  command: list(3, 'string'),
  args: list(4, 'string'),
  workingDir: opt(5, 'string'),
  ports: list(6, containerPort),
  envFrom: list(19, envFromSource),
  env: list(7, envVar),
  resources: opt(8, resourceRequirements),
  resizePolicy: list(
    23,
    message('ContainerResizePolicy', {
      resourceName: req(1, 'string'),
      restartPolicy: req(2, 'string'),
    }),
  ),
  restartPolicy: ptr(24, 'string'),
  volumeMounts: list(9, volumeMount),
  volumeDevices: list(
    21,
    message('VolumeDevice', { name: req(1, 'string'), devicePath: req(2, 'string') }),
  ),
  terminationMessagePath: opt(13, 'string'),
  terminationMessagePolicy: opt(20, 'string'),
  imagePullPolicy: opt(14, 'string'),
  stdin: opt(16, 'bool'),
  stdinOnce: opt(17, 'bool'),
  tty: opt(18, 'bool'),
});

const toleration = message('Toleration', {
  key: opt(1, 'string'),
  operator: opt(2, 'string'),
  value: opt(3, 'string'),
  effect: opt(4, 'string'),
  tolerationSeconds: ptr(5, 'int64'),
});

export const podSpec = message('PodSpec', {
  initContainers: list(20, container),
  containers: listOrNull(2, container),
  restartPolicy: opt(3, 'string'),
  terminationGracePeriodSeconds: ptr(4, 'int64'),
  activeDeadlineSeconds: ptr(5, 'int64'),
  dnsPolicy: opt(6, 'string'),
  nodeSelector: map(7, 'string'),
  serviceAccountName: opt(8, 'string'),
  serviceAccount: opt(9, 'string'),
  automountServiceAccountToken: ptr(21, 'bool'),
  nodeName: opt(10, 'string'),
  hostNetwork: opt(11, 'bool'),
  hostPID: opt(12, 'bool'),
  hostIPC: opt(13, 'bool'),
  shareProcessNamespace: ptr(27, 'bool'),
  imagePullSecrets: list(15, localObjectReference),
  hostname: opt(16, 'string'),
  subdomain: opt(17, 'string'),
  schedulerName: opt(19, 'string'),
  tolerations: list(22, toleration),
  priorityClassName: opt(24, 'string'),
  priority: ptr(25, 'int32'),
  runtimeClassName: ptr(29, 'string'),
  enableServiceLinks: ptr(30, 'bool'),
  preemptionPolicy: ptr(31, 'string'),
  setHostnameAsFQDN: ptr(35, 'bool'),
  hostUsers: ptr(37, 'bool'),
});

export const podTemplateSpec = message('PodTemplateSpec', {
  metadata: opt(1, objectMeta),
  spec: opt(2, podSpec),
});
