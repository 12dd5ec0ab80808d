import type { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from '@podvisor/kube';
import {
  servingCertAnnotation,
  type HandlerEndpoint,
  type HandlerLocator,
} from './handler-client.ts';
import { internalError } from './subresource-error.ts';

/** The fields of a Pod the locator reads. */
export interface HandlerPodView {
  readonly metadata?: {
    readonly name?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly deletionTimestamp?: string;
  };
  readonly status?: { readonly phase?: string; readonly podIP?: string };
}

/**
 * The endpoint of the node's virt-handler among `pods` (those labelled `kubevirt.io=virt-handler`
 * on the node): a Running pod, not being deleted, with an IP and a published certificate
 * fingerprint. Throws a 500 naming what is missing.
 */
export function handlerEndpointOf(
  nodeName: string,
  pods: readonly HandlerPodView[],
): HandlerEndpoint {
  const live = pods.filter(
    (pod) =>
      pod.status?.phase === 'Running' &&
      (pod.status.podIP ?? '') !== '' &&
      pod.metadata?.deletionTimestamp === undefined,
  );
  const pod = live[0];
  if (pod === undefined) {
    throw internalError(`no running virt-handler pod on node ${JSON.stringify(nodeName)}`);
  }
  const podName = pod.metadata?.name ?? '';
  const fingerprint = pod.metadata?.annotations?.[servingCertAnnotation] ?? '';
  if (fingerprint === '') {
    throw internalError(
      `virt-handler pod ${podName} has not published its serving certificate (annotation ${servingCertAnnotation})`,
    );
  }
  return { podName, ip: pod.status?.podIP ?? '', fingerprint };
}

/**
 * A {@link HandlerLocator} that lists the virt-handler pods of `namespace` on the node (label
 * `kubevirt.io=virt-handler`, field selector `spec.nodeName`), as KubeVirt's virt-api does.
 */
export function apiHandlerLocator(kubeConfig: KubeConfig, namespace: string): HandlerLocator {
  return async (nodeName) => {
    let list: { items?: HandlerPodView[] } | undefined;
    try {
      list = (await requestJson(kubeConfig, {
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        query: {
          labelSelector: 'kubevirt.io=virt-handler',
          fieldSelector: `spec.nodeName=${nodeName}`,
        },
      })) as { items?: HandlerPodView[] } | undefined;
    } catch (error) {
      throw internalError(
        `cannot list the virt-handler pods of node ${JSON.stringify(nodeName)}: ${(error as Error).message}`,
      );
    }
    return handlerEndpointOf(nodeName, list?.items ?? []);
  };
}
