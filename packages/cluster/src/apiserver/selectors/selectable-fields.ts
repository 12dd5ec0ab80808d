import type { Json, KubeObject } from '../json.ts';
import { arrayAt, booleanAt, numberAt, readPath, stringAt } from './read-json.ts';

type FieldExtractor = (obj: KubeObject) => Record<string, string>;

const involvedObjectFields = [
  'kind',
  'namespace',
  'name',
  'uid',
  'apiVersion',
  'resourceVersion',
  'fieldPath',
] as const;

function podFields(pod: KubeObject): Record<string, string> {
  const firstPodIP = stringAt(arrayAt(pod, 'status', 'podIPs')[0], 'ip');
  return {
    'spec.nodeName': stringAt(pod, 'spec', 'nodeName'),
    'spec.restartPolicy': stringAt(pod, 'spec', 'restartPolicy'),
    'spec.schedulerName': stringAt(pod, 'spec', 'schedulerName'),
    'spec.serviceAccountName': stringAt(pod, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': String(booleanAt(pod, 'spec', 'hostNetwork') ?? false),
    'status.phase': stringAt(pod, 'status', 'phase'),
    'status.podIP': firstPodIP === '' ? stringAt(pod, 'status', 'podIP') : firstPodIP,
    'status.nominatedNodeName': stringAt(pod, 'status', 'nominatedNodeName'),
  };
}

function coreEventFields(event: KubeObject): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of involvedObjectFields)
    fields[`involvedObject.${name}`] = stringAt(event, 'involvedObject', name);
  const reporting = stringAt(event, 'reportingComponent');
  const component = stringAt(event, 'source', 'component');
  fields['reason'] = stringAt(event, 'reason');
  fields['reportingComponent'] = reporting;
  fields['source'] = component === '' ? reporting : component;
  fields['type'] = stringAt(event, 'type');
  return fields;
}

function eventsV1Fields(event: KubeObject): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of involvedObjectFields)
    fields[`regarding.${name}`] = stringAt(event, 'regarding', name);
  const reporting = stringAt(event, 'reportingController');
  const component = stringAt(event, 'deprecatedSource', 'component');
  fields['reason'] = stringAt(event, 'reason');
  fields['reportingController'] = reporting;
  fields['source'] = component === '' ? reporting : component;
  fields['type'] = stringAt(event, 'type');
  return fields;
}

const extractors: Readonly<Record<string, FieldExtractor>> = {
  '/pods': podFields,
  '/events': coreEventFields,
  'events.k8s.io/events': eventsV1Fields,
  '/namespaces': (ns) => ({ 'status.phase': stringAt(ns, 'status', 'phase') }),
  '/nodes': (node) => ({
    'spec.unschedulable': String(booleanAt(node, 'spec', 'unschedulable') ?? false),
  }),
  '/secrets': (secret) => ({ type: stringAt(secret, 'type') }),
  '/services': (svc) => ({
    'spec.clusterIP': stringAt(svc, 'spec', 'clusterIP'),
    'spec.type': stringAt(svc, 'spec', 'type'),
  }),
  '/replicationcontrollers': (rc) => ({
    'status.replicas': String(numberAt(rc, 'status', 'replicas')),
  }),
  'apps/replicasets': (rs) => ({ 'status.replicas': String(numberAt(rs, 'status', 'replicas')) }),
  'batch/jobs': (job) => ({ 'status.successful': String(numberAt(job, 'status', 'succeeded')) }),
  'certificates.k8s.io/certificatesigningrequests': (csr) => ({
    'spec.signerName': stringAt(csr, 'spec', 'signerName'),
  }),
};

function metadataFields(obj: KubeObject): Record<string, string> {
  return {
    'metadata.name': stringAt(obj, 'metadata', 'name'),
    'metadata.namespace': stringAt(obj, 'metadata', 'namespace'),
  };
}

/**
 * The field values a field selector is matched against for a built-in object, rendered as
 * upstream's `GetAttrs` does (booleans `"true"`/`"false"`, numbers in decimal, missing → `""`):
 * `metadata.name` and `metadata.namespace` for every kind, plus the kind's own fields.
 */
export function selectableFields(
  group: string,
  resource: string,
  obj: KubeObject,
): Record<string, string> {
  const extractor = extractors[`${group}/${resource}`];
  return { ...metadataFields(obj), ...(extractor === undefined ? {} : extractor(obj)) };
}

function fieldValue(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The field label for a CRD `selectableFields[].jsonPath` (`.spec.color` → `spec.color`). */
export function crdFieldLabel(jsonPath: string): string {
  return jsonPath.startsWith('.') ? jsonPath.slice(1) : jsonPath;
}

/**
 * The field values of a custom resource: `metadata.name`, `metadata.namespace`, and each of
 * the CRD's `selectableFields` json paths (simple `.spec.x.y` paths), keyed by field label.
 * Strings, integers and booleans are rendered; a missing or other-typed value is left out.
 */
export function crdSelectableFields(
  obj: KubeObject,
  paths: readonly string[],
): Record<string, string> {
  const fields = metadataFields(obj);
  for (const path of paths) {
    const label = crdFieldLabel(path);
    const value = fieldValue(readPath(obj, ...label.split('.')));
    if (value !== undefined && label !== '') fields[label] = value;
  }
  return fields;
}
