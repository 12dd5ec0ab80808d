import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { generateName } from '../objects/names.ts';
import { isBuiltinKind } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import type { Admission, AdmissionAttributes } from './service-context.ts';

/** Where the token, the CA and the namespace appear in every container (kube's DefaultAPITokenMountPath). */
export const serviceAccountMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The ConfigMap the root CA publisher keeps in every namespace. */
export const rootCaConfigMapName = 'kube-root-ca.crt';

const volumePrefix = 'kube-api-access-';
const defaultAccount = 'default';
const mirrorAnnotation = 'kubernetes.io/config.mirror';

/** What the ServiceAccount admission plugin reads and how it names volumes. */
export interface ServiceAccountAdmissionOptions {
  /** The stored ServiceAccount `namespace/name`, or undefined when there is none. */
  readonly getServiceAccount: (namespace: string, name: string) => KubeObject | undefined;
  /** Names the token volume from its prefix (default: five random characters, as kube's generator). */
  readonly generateName?: (prefix: string) => string;
}

function objectsOf(value: Json | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function specOf(pod: KubeObject): JsonObject {
  const spec = pod['spec'];
  if (isJsonObject(spec)) return spec;
  const created: JsonObject = {};
  pod['spec'] = created;
  return created;
}

/** The projected volume source kube-apiserver gives every pod that mounts its token. */
export function tokenVolumeSource(): JsonObject {
  return {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: rootCaConfigMapName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [
            { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
          ],
        },
      },
    ],
  };
}

/** The pod's setting, else the ServiceAccount's, else true (kube's shouldAutomount). */
function shouldAutomount(spec: JsonObject, account: KubeObject | undefined): boolean {
  const fromPod = spec['automountServiceAccountToken'];
  if (typeof fromPod === 'boolean') return fromPod;
  const fromAccount = account?.['automountServiceAccountToken'];
  return typeof fromAccount === 'boolean' ? fromAccount : true;
}

function tokenVolumeName(spec: JsonObject, generate: (prefix: string) => string): string {
  const volumes = objectsOf(spec['volumes']);
  const existing = volumes.find(
    (v) => typeof v['name'] === 'string' && v['name'].startsWith(volumePrefix),
  );
  if (typeof existing?.['name'] === 'string') return existing['name'];
  const taken = new Set(volumes.map((v) => v['name']));
  let name = generate(volumePrefix);
  while (taken.has(name)) name = generate(volumePrefix);
  return name;
}

/** Adds the read-only token mount to each container without a mount at the path; true if any got one. */
function addMounts(containers: readonly JsonObject[], volume: string): boolean {
  let added = false;
  for (const container of containers) {
    const mounts = objectsOf(container['volumeMounts']);
    if (mounts.some((m) => m['mountPath'] === serviceAccountMountPath)) continue;
    container['volumeMounts'] = [
      ...mounts,
      { name: volume, readOnly: true, mountPath: serviceAccountMountPath },
    ];
    added = true;
  }
  return added;
}

/** Mounts the service account token into every container that has nothing at the token path. */
export function mountServiceAccountToken(
  spec: JsonObject,
  generate: (prefix: string) => string = generateName,
): void {
  const volume = tokenVolumeName(spec, generate);
  const containers = [...objectsOf(spec['initContainers']), ...objectsOf(spec['containers'])];
  const needed = addMounts(containers, volume);
  const volumes = objectsOf(spec['volumes']);
  if (!needed || volumes.some((v) => v['name'] === volume)) return;
  spec['volumes'] = [...volumes, { name: volume, projected: tokenVolumeSource() }];
}

function isPodCreate(a: AdmissionAttributes): boolean {
  return a.operation === 'CREATE' && a.subresource === '' && isBuiltinKind(a.def, '', 'Pod');
}

function isMirrorPod(pod: KubeObject): boolean {
  const annotations = pod.metadata['annotations'];
  return isJsonObject(annotations) && annotations[mirrorAnnotation] !== undefined;
}

function readSpec(pod: KubeObject): JsonObject {
  const spec = pod['spec'];
  return isJsonObject(spec) ? spec : {};
}

function accountName(spec: JsonObject): string {
  const name = spec['serviceAccountName'];
  return typeof name === 'string' && name !== '' ? name : defaultAccount;
}

/**
 * The pod's ServiceAccount. A missing `default` account is accepted (the service-account
 * controller creates it moments after its namespace, and clusters run without that controller);
 * any other missing account is refused in kube-apiserver's words.
 */
function lookUpAccount(
  options: ServiceAccountAdmissionOptions,
  a: AdmissionAttributes,
  account: string,
): KubeObject | undefined {
  const found = options.getServiceAccount(a.namespace, account);
  if (found !== undefined || account === defaultAccount) return found;
  throw statusErrors.forbidden(
    `pods "${a.name}" is forbidden: error looking up service account ${a.namespace}/${account}: serviceaccount "${account}" not found`,
    { name: a.name, kind: 'pods' },
  );
}

function admitPod(options: ServiceAccountAdmissionOptions, a: AdmissionAttributes): KubeObject {
  const pod = structuredClone(a.object) as KubeObject;
  if (isMirrorPod(pod)) return pod;
  const spec = specOf(pod);
  const account = accountName(spec);
  spec['serviceAccountName'] = account;
  spec['serviceAccount'] = account;
  const found = lookUpAccount(options, a, account);
  if (shouldAutomount(spec, found)) mountServiceAccountToken(spec, options.generateName);
  return pod;
}

/**
 * kube-apiserver's ServiceAccount admission plugin, for pod creation: defaults
 * `spec.serviceAccountName` to `default`, refuses a pod whose ServiceAccount does not exist (403),
 * and, unless automounting is turned off on the pod or its ServiceAccount, adds the projected
 * `kube-api-access-*` volume (token, `ca.crt`, namespace) mounted read-only at
 * {@link serviceAccountMountPath} in every container. The check is repeated after the mutating
 * webhooks, since one may have changed the account.
 */
export function serviceAccountAdmission(options: ServiceAccountAdmissionOptions): Admission {
  return {
    mutate: (a) =>
      new Promise((resolve) => {
        const object = isPodCreate(a) && a.object !== undefined ? admitPod(options, a) : a.object;
        resolve({ object, warnings: [] });
      }),
    validate: (a) =>
      new Promise((resolve) => {
        if (isPodCreate(a) && a.object !== undefined && !isMirrorPod(a.object))
          lookUpAccount(options, a, accountName(readSpec(a.object)));
        resolve({ warnings: [] });
      }),
  };
}
