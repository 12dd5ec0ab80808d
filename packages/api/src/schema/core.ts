/** Kubernetes core shapes the kubevirt.io/v1 types embed: metadata, scheduling, probes. */
import {
  array,
  boolean,
  define,
  integer,
  map,
  marker,
  object,
  preserveUnknown,
  quantity,
  ref,
  string,
  type MapNode,
  type ObjectNode,
  timestamp,
} from './dsl.ts';

/** A `map[string]string` field. */
export function stringMap(description: string): MapNode {
  return map(string(), { description });
}

export const ownerReference = define(
  'OwnerReference',
  object(
    {
      apiVersion: string({ description: 'API version of the owner.' }),
      kind: string({ description: 'Kind of the owner.' }),
      name: string({ description: 'Name of the owner.' }),
      uid: string({ description: 'UID of the owner.' }),
      controller: boolean({ description: 'True when the owner is the managing controller.' }),
      blockOwnerDeletion: boolean({
        description: 'With foreground deletion, the owner is not deleted before this object.',
      }),
    },
    {
      description:
        'Identifies an object that owns this one; the owned object is garbage collected with it.',
      required: ['apiVersion', 'kind', 'name', 'uid'],
    },
  ),
);

/** Standard object metadata as plain JSON (timestamps are RFC 3339 strings). */
export const objectMeta = define(
  'ObjectMeta',
  object(
    {
      name: string({ description: 'Name, unique within the namespace.' }),
      generateName: string({ description: 'Prefix for a server-generated name.' }),
      namespace: string({ description: 'Namespace of the object.' }),
      uid: string({ description: 'Unique identifier set by the server.' }),
      resourceVersion: string({ description: 'Opaque version for optimistic concurrency.' }),
      generation: integer({ format: 'int64', description: 'Sequence number of spec changes.' }),
      creationTimestamp: string({ description: 'When the object was created (RFC 3339).' }),
      deletionTimestamp: string({ description: 'When graceful deletion was requested.' }),
      deletionGracePeriodSeconds: integer({
        format: 'int64',
        description: 'Grace period of a pending deletion.',
      }),
      labels: stringMap('Labels for selection and grouping.'),
      annotations: stringMap('Non-identifying metadata.'),
      ownerReferences: array(ref(ownerReference), {
        description: 'Objects this object depends on.',
      }),
      finalizers: array(string(), { description: 'Must be empty before the object is deleted.' }),
      managedFields: array(preserveUnknown(), {
        description: 'Server-side apply field ownership.',
      }),
    },
    { description: 'Object metadata (plain JSON; timestamps are strings).' },
  ),
);

const selectorRequirement = object(
  {
    key: string({ description: 'The label key the requirement applies to.' }),
    operator: string({ description: 'In, NotIn, Exists or DoesNotExist.' }),
    values: array(string(), {
      description: 'Values for In and NotIn; empty for Exists and DoesNotExist.',
    }),
  },
  { required: ['key', 'operator'], description: 'A label requirement.' },
);

export const labelSelector = define(
  'LabelSelector',
  object(
    {
      matchLabels: stringMap('Labels that must all match.'),
      matchExpressions: array(selectorRequirement, {
        description: 'Requirements that must all hold.',
      }),
    },
    { description: 'A label query; the requirements are ANDed.' },
  ),
);

export const toleration = define(
  'Toleration',
  object(
    {
      key: string({
        description: 'The taint key; empty with operator Exists matches every taint.',
      }),
      operator: string({
        description: 'Exists or Equal (the default).',
      }),
      value: string({ description: 'The taint value to match with Equal.' }),
      effect: string({
        description:
          'The taint effect to match (NoSchedule, PreferNoSchedule, NoExecute); empty matches all.',
      }),
      tolerationSeconds: integer({
        format: 'int64',
        description: 'For NoExecute: how long the pod stays bound after the taint appears.',
      }),
    },
    { description: 'Lets the VMI be scheduled onto nodes with a matching taint.' },
  ),
);

const nodeSelectorRequirement = object(
  {
    key: string({ description: 'The node label or field key.' }),
    operator: string({
      description: 'How the key relates to the values: In, NotIn, Exists, DoesNotExist, Gt or Lt.',
    }),
    values: array(string(), { description: 'The values; one integer for Gt and Lt.' }),
  },
  { required: ['key', 'operator'], description: 'A node label (or field) requirement.' },
);

export const nodeSelectorTerm = define(
  'NodeSelectorTerm',
  object(
    {
      matchExpressions: array(nodeSelectorRequirement, {
        description: 'Requirements on node labels.',
      }),
      matchFields: array(nodeSelectorRequirement, { description: 'Requirements on node fields.' }),
    },
    { description: 'Requirements that must all hold (ANDed).' },
  ),
);

const nodeAffinity = define(
  'NodeAffinity',
  object(
    {
      requiredDuringSchedulingIgnoredDuringExecution: object(
        {
          nodeSelectorTerms: array(ref(nodeSelectorTerm), { description: 'Terms that are ORed.' }),
        },
        {
          required: ['nodeSelectorTerms'],
          description: 'Hard requirement: the VMI is only scheduled on nodes matching a term.',
        },
      ),
      preferredDuringSchedulingIgnoredDuringExecution: array(
        object(
          {
            weight: integer({ format: 'int32', description: 'Weight 1-100 added for a match.' }),
            preference: ref(nodeSelectorTerm, { description: 'The node term.' }),
          },
          { required: ['weight', 'preference'], description: 'A weighted preference.' },
        ),
        { description: 'Soft preferences: nodes matching more weight are preferred.' },
      ),
    },
    { description: 'Node affinity scheduling rules.' },
  ),
);

export const affinity = define(
  'Affinity',
  object(
    {
      nodeAffinity: ref(nodeAffinity, { description: 'Node affinity rules.' }),
      podAffinity: preserveUnknown('Pod affinity rules (Kubernetes PodAffinity).'),
      podAntiAffinity: preserveUnknown('Pod anti-affinity rules (Kubernetes PodAntiAffinity).'),
    },
    { description: 'Scheduling constraints of the VMI pod.' },
  ),
);

const httpGet = object(
  {
    path: string({ description: 'Path to request.' }),
    port: quantity('Port number or name to request.'),
    host: string({ description: 'Host to connect to; defaults to the pod IP.' }),
    scheme: string({ description: 'Scheme: HTTP (the default) or HTTPS.' }),
    httpHeaders: array(
      object(
        {
          name: string({ description: 'Header name.' }),
          value: string({ description: 'Header value.' }),
        },
        { required: ['name', 'value'], description: 'A custom header.' },
      ),
      { description: 'Custom headers to send.' },
    ),
  },
  { required: ['port'], description: 'An HTTP GET against the VMI, made by the kubelet.' },
);

export const probe = define(
  'Probe',
  object(
    {
      exec: object(
        { command: array(string(), { description: 'Command line run in the guest.' }) },
        { description: 'Runs a command in the guest through the guest agent; exit 0 is success.' },
      ),
      httpGet,
      tcpSocket: object(
        {
          port: quantity('Port number or name to connect to.'),
          host: string({ description: 'Host to connect to; defaults to the pod IP.' }),
        },
        { required: ['port'], description: 'Opens a TCP connection to the VMI.' },
      ),
      guestAgentPing: marker('Succeeds while the guest agent answers a ping.'),
      initialDelaySeconds: integer({
        format: 'int32',
        description: 'Seconds after start before the first probe.',
      }),
      timeoutSeconds: integer({
        format: 'int32',
        description: 'Seconds before a probe times out (default 1).',
      }),
      periodSeconds: integer({
        format: 'int32',
        description: 'Seconds between probes (default 10).',
      }),
      successThreshold: integer({
        format: 'int32',
        description: 'Successes in a row to count as healthy.',
      }),
      failureThreshold: integer({
        format: 'int32',
        description: 'Failures in a row to count as failed.',
      }),
    },
    {
      description:
        'A health check of the VMI: exactly one of exec, httpGet, tcpSocket or guestAgentPing.',
    },
  ),
);

/** A condition object with the fields every KubeVirt condition type shares. */
export function conditionObject(description: string): ObjectNode {
  return object(
    {
      type: string({ description: 'Type of the condition (Ready, Paused, ...).' }),
      status: string({
        enum: ['True', 'False', 'Unknown'],
        description: 'True, False or Unknown.',
      }),
      reason: string({ description: 'One-word CamelCase reason for the last transition.' }),
      message: string({ description: 'Human-readable details of the last transition.' }),
      lastProbeTime: timestamp('When the condition was last checked.'),
      lastTransitionTime: timestamp('When the status last changed.'),
    },
    { required: ['type', 'status'], description },
  );
}
