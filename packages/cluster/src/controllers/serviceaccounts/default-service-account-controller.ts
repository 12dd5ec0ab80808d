import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { isDeleting, metaString } from '../../apiserver/objects/lifecycle.ts';
import { StatusError } from '../../apiserver/status-error.ts';
import type { ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { runInformerController } from '../run-informer-controller.ts';

/** `v1 namespaces`. */
export const namespacesRef: ResourceRef = { group: '', version: 'v1', resource: 'namespaces' };
/** `v1 serviceaccounts`. */
export const serviceAccountsRef: ResourceRef = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
};

function isActive(namespace: KubeObject | undefined): namespace is KubeObject {
  if (namespace === undefined || isDeleting(namespace)) return false;
  const status = namespace['status'];
  return !(isJsonObject(status) && status['phase'] === 'Terminating');
}

/** 409: it exists already; 403: the namespace is terminating; 404: the namespace is gone. */
function ignoreSettled(error: unknown): void {
  if (error instanceof StatusError && [403, 404, 409].includes(error.code)) return;
  throw error;
}

/**
 * The service-account controller: every active namespace has a `default` ServiceAccount,
 * created when the namespace appears and recreated when deleted.
 */
export const defaultServiceAccountController: ControllerFactory = {
  name: 'serviceaccount',
  start({ client, logger }) {
    const namespaces = client.informer(namespacesRef);
    const accounts = client.informer(serviceAccountsRef, {
      fieldSelector: 'metadata.name=default',
    });
    return runInformerController({
      name: 'serviceaccount',
      logger,
      sources: [
        { informer: namespaces, keys: (ns) => [metaString(ns, 'name')] },
        { informer: accounts, keys: (sa) => [metaString(sa, 'namespace')] },
      ],
      reconciler: {
        async reconcile(namespace) {
          if (!isActive(namespaces.get(namespace))) return;
          if (accounts.get(`${namespace}/default`) !== undefined) return;
          const account = {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'default' },
          };
          await client
            .create(serviceAccountsRef, namespace, account, {
              fieldManager: 'service-account-controller',
            })
            .catch(ignoreSettled);
        },
      },
    });
  },
};
