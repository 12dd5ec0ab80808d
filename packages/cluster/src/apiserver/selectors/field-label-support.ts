import { statusErrors } from '../status-error.ts';
import { crdFieldLabel } from './selectable-fields.ts';
import type { FieldSelector } from './parse-field-selector.ts';

interface FieldLabelSupport {
  readonly labels: readonly string[];
  /** Old field names the server rewrites (`spec.host` → `spec.nodeName` for pods). */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly unsupported: (label: string) => string;
}

const metadataLabels = ['metadata.name', 'metadata.namespace'] as const;

function notSupported(label: string): string {
  return `field label not supported: ${label}`;
}

const defaultSupport: FieldLabelSupport = {
  labels: metadataLabels,
  unsupported: (label) =>
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

const involved = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

const supportByResource: Readonly<Record<string, FieldLabelSupport>> = {
  '/pods': {
    labels: [
      ...metadataLabels,
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
    aliases: { 'spec.host': 'spec.nodeName' },
    unsupported: notSupported,
  },
  '/nodes': { labels: ['metadata.name', 'spec.unschedulable'], unsupported: notSupported },
  '/replicationcontrollers': {
    labels: [...metadataLabels, 'status.replicas'],
    unsupported: notSupported,
  },
  '/events': {
    labels: [
      ...involved.map((name) => `involvedObject.${name}`),
      'reason',
      'reportingComponent',
      'source',
      'type',
      ...metadataLabels,
    ],
    unsupported: notSupported,
  },
  'events.k8s.io/events': {
    labels: [
      'reason',
      ...involved.map((name) => `regarding.${name}`),
      'reportingController',
      'source',
      'type',
      ...metadataLabels,
    ],
    unsupported: notSupported,
  },
  '/namespaces': { labels: ['status.phase', 'metadata.name'], unsupported: notSupported },
  '/secrets': { labels: ['type', ...metadataLabels], unsupported: notSupported },
  '/services': {
    labels: [...metadataLabels, 'spec.clusterIP', 'spec.type'],
    unsupported: notSupported,
  },
  'apps/statefulsets': {
    labels: [...metadataLabels, 'status.successful'],
    unsupported: (label) => `field label not supported for appsv1.StatefulSet: ${label}`,
  },
  'batch/jobs': {
    labels: [...metadataLabels, 'status.successful'],
    unsupported: (label) => `field label ${JSON.stringify(label)} not supported for batchv1.Job`,
  },
  'certificates.k8s.io/certificatesigningrequests': {
    labels: [...metadataLabels, 'spec.signerName'],
    unsupported: notSupported,
  },
};

function supportFor(group: string, resource: string): FieldLabelSupport {
  return supportByResource[`${group}/${resource}`] ?? defaultSupport;
}

/** The field labels a built-in resource accepts in `fieldSelector` (unknown resources: metadata only). */
export function supportedFieldLabels(group: string, resource: string): readonly string[] {
  return supportFor(group, resource).labels;
}

/** The field labels a custom resource accepts: its metadata plus its CRD's `selectableFields`. */
export function crdSupportedFieldLabels(
  namespaced: boolean,
  selectableFieldPaths: readonly string[],
): readonly string[] {
  return [
    'metadata.name',
    ...(namespaced ? ['metadata.namespace'] : []),
    ...selectableFieldPaths.map(crdFieldLabel),
  ];
}

function checkWith(selector: FieldSelector, support: FieldLabelSupport): FieldSelector {
  const requirements = selector.requirements.map((requirement) => {
    const field = support.aliases?.[requirement.field] ?? requirement.field;
    if (!support.labels.includes(field))
      throw statusErrors.badRequest(support.unsupported(requirement.field));
    return field === requirement.field ? requirement : { ...requirement, field };
  });
  return { requirements };
}

/**
 * Rejects a field the resource does not support with 400 `field label not supported: <f>`
 * (the wording of custom resources and most core kinds). Returns the selector.
 */
export function checkFieldSelector(
  selector: FieldSelector,
  supported: readonly string[],
): FieldSelector {
  return checkWith(selector, { labels: supported, unsupported: notSupported });
}

/**
 * Checks a field selector against a built-in resource with upstream's per-kind wording
 * (e.g. configmaps: `"x" is not a known field selector: only "metadata.name", "metadata.namespace"`)
 * and returns it with legacy labels rewritten (`spec.host` → `spec.nodeName`).
 */
export function checkBuiltinFieldSelector(
  group: string,
  resource: string,
  selector: FieldSelector,
): FieldSelector {
  return checkWith(selector, supportFor(group, resource));
}
