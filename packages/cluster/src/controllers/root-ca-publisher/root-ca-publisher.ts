import { join } from 'node:path';
import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { rootCaConfigMapName } from '../../apiserver/service/service-account-admission.ts';
import { StatusError } from '../../apiserver/status-error.ts';
import { readClusterCaCert } from '../../pki/cluster-pki.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerDeps, ControllerFactory, StartedController } from '../controller-host.ts';
import { runInformerController } from '../run-informer-controller.ts';
import type { Informer } from '../store-informer.ts';

const namespacesRef: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
const configMapsRef: ResourceRef = { group: '', version: 'v1', resource: 'configmaps' };

const fieldManager = 'root-ca-cert-publisher';
/** The annotation kube-controller-manager's publisher sets on every copy. */
export const rootCaDescriptionAnnotation = 'kubernetes.io/description';
const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

function isActive(namespace: KubeObject | undefined): boolean {
  if (namespace === undefined || isDeleting(namespace)) return false;
  const status = namespace['status'];
  return !(isJsonObject(status) && status['phase'] === 'Terminating');
}

function annotationsOf(obj: KubeObject): JsonObject {
  const annotations = obj.metadata['annotations'];
  return isJsonObject(annotations) ? annotations : {};
}

/** Whether a published copy holds exactly the CA (and the description). */
function isCurrent(configMap: KubeObject, caCert: string): boolean {
  const data = configMap['data'];
  const keys = isJsonObject(data) ? Object.keys(data) : [];
  return (
    isJsonObject(data) &&
    keys.length === 1 &&
    data['ca.crt'] === caCert &&
    annotationsOf(configMap)[rootCaDescriptionAnnotation] !== undefined
  );
}

/** 403: the namespace is terminating; 404: it is gone; 409: someone else wrote first (requeued). */
function ignoreSettled(error: unknown): void {
  if (error instanceof StatusError && [403, 404].includes(error.code)) return;
  throw error;
}

async function publish(
  client: ClusterClient,
  existing: KubeObject | undefined,
  target: { namespace: string; caCert: string },
): Promise<void> {
  const data = { 'ca.crt': target.caCert };
  if (existing === undefined) {
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: rootCaConfigMapName,
        annotations: { [rootCaDescriptionAnnotation]: description },
      },
      data,
    };
    await client.create(configMapsRef, target.namespace, configMap, { fieldManager });
    return;
  }
  const annotations = { ...annotationsOf(existing), [rootCaDescriptionAnnotation]: description };
  const fixed: KubeObject = {
    ...existing,
    metadata: { ...existing.metadata, annotations },
    data,
  };
  await client.update(configMapsRef, fixed, { fieldManager });
}

function startPublisher(deps: ControllerDeps, caCert: string): StartedController {
  const { client, logger } = deps;
  const namespaces: Informer = client.informer(namespacesRef);
  const copies: Informer = client.informer(configMapsRef, {
    fieldSelector: `metadata.name=${rootCaConfigMapName}`,
  });
  return runInformerController({
    name: 'root-ca-cert-publisher',
    logger,
    sources: [
      { informer: namespaces, keys: (ns) => [metaString(ns, 'name')] },
      { informer: copies, keys: (cm) => [metaString(cm, 'namespace')] },
    ],
    reconciler: {
      async reconcile(namespace) {
        if (!isActive(namespaces.get(namespace))) return;
        const existing = copies.get(`${namespace}/${rootCaConfigMapName}`);
        if (existing !== undefined && isCurrent(existing, caCert)) return;
        await publish(client, existing, { namespace, caCert }).catch(ignoreSettled);
      },
    },
  });
}

/**
 * kube-controller-manager's root-ca-cert-publisher: every active namespace holds a ConfigMap
 * `kube-root-ca.crt` whose only `data` key `ca.crt` is the cluster CA (read from the data
 * directory's `pki/ca.crt`); a deleted copy is recreated and an edited one put back. Pods read it
 * through their `kube-api-access-*` volume.
 */
export const rootCaPublisher: ControllerFactory = {
  name: 'root-ca-cert-publisher',
  start(deps) {
    return startPublisher(deps, readClusterCaCert(join(deps.dataDir, 'pki')));
  },
};
