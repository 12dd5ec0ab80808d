import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';

/** Sets `obj[key]` to `value` when it is absent. */
function setDefault(obj: JsonObject, key: string, value: Json): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

function objectAt(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  if (isJsonObject(value)) return value;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

function objects(list: Json | undefined): JsonObject[] {
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

function imagePullPolicy(image: Json | undefined): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  const lastPart = image.split('/').pop() ?? image;
  if (image.includes('@')) return 'IfNotPresent';
  return !lastPart.includes(':') || lastPart.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: JsonObject): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', imagePullPolicy(c['image']));
  setDefault(c, 'resources', {});
  for (const port of objects(c['ports'])) setDefault(port, 'protocol', 'TCP');
}

/** The defaults kube-apiserver gives a PodSpec (the ones clients see and tools rely on). */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'enableServiceLinks', true);
  if (spec['serviceAccountName'] === undefined && spec['serviceAccount'] !== undefined)
    spec['serviceAccountName'] = spec['serviceAccount'];
  for (const c of [...objects(spec['containers']), ...objects(spec['initContainers'])])
    defaultContainer(c);
}

function qosClass(spec: JsonObject): string {
  const containers = objects(spec['containers']);
  const resources = containers.map((c) => (isJsonObject(c['resources']) ? c['resources'] : {}));
  const hasAny = resources.some((r) => isJsonObject(r['requests']) || isJsonObject(r['limits']));
  if (!hasAny) return 'BestEffort';
  const guaranteed = resources.every((r) => {
    const limits = isJsonObject(r['limits']) ? r['limits'] : {};
    const requests = isJsonObject(r['requests']) ? r['requests'] : limits;
    return ['cpu', 'memory'].every(
      (k) => limits[k] !== undefined && JSON.stringify(requests[k]) === JSON.stringify(limits[k]),
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultTemplate(spec: JsonObject): void {
  const template = objectAt(spec, 'template');
  defaultPodSpec(objectAt(template, 'spec'));
}

type Defaulter = (obj: KubeObject, create: boolean) => void;

const defaulters: Readonly<Record<string, Defaulter>> = {
  '/Pod': (obj, create) => {
    const spec = objectAt(obj, 'spec');
    defaultPodSpec(spec);
    if (create) obj['status'] = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  '/Namespace': (obj, create) => {
    const labels = objectAt(obj.metadata, 'labels');
    labels['kubernetes.io/metadata.name'] = obj.metadata['name'] ?? '';
    if (!create) return;
    obj['spec'] = { finalizers: ['kubernetes'] };
    obj['status'] = { phase: 'Active' };
  },
  '/Service': (obj) => {
    const spec = objectAt(obj, 'spec');
    setDefault(spec, 'type', 'ClusterIP');
    setDefault(spec, 'sessionAffinity', 'None');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
    for (const port of objects(spec['ports'])) {
      setDefault(port, 'protocol', 'TCP');
      setDefault(port, 'targetPort', port['port'] ?? null);
    }
  },
  '/Secret': (obj) => {
    setDefault(obj, 'type', 'Opaque');
    const stringData = obj['stringData'];
    if (!isJsonObject(stringData)) return;
    const data = objectAt(obj, 'data');
    for (const [k, v] of Object.entries(stringData))
      if (typeof v === 'string') data[k] = Buffer.from(v).toString('base64');
    Reflect.deleteProperty(obj, 'stringData');
  },
  'apps/Deployment': (obj) => {
    const spec = objectAt(obj, 'spec');
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    setDefault(spec, 'strategy', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    defaultTemplate(spec);
  },
  'apps/ReplicaSet': (obj) => {
    const spec = objectAt(obj, 'spec');
    setDefault(spec, 'replicas', 1);
    defaultTemplate(spec);
  },
  'apps/DaemonSet': (obj) => {
    const spec = objectAt(obj, 'spec');
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'updateStrategy', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    defaultTemplate(spec);
  },
};

/**
 * Applies the built-in defaults of a kind, as kube-apiserver does on every write. On create,
 * kinds whose status the server initialises (Pod: Pending; Namespace: Active) get it.
 */
export function applyKindDefaults(def: ResourceDefinition, obj: KubeObject, create: boolean): void {
  if (def.source !== 'builtin') return;
  defaulters[`${def.group}/${def.kind}`]?.(obj, create);
}
