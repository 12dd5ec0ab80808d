import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type Logger } from '@podvisor/kube';
import { startNodeServer, type NodeServer, type NodeServerOptions } from './node-server.ts';
import { ensureServingCertificate } from './serving-certificate.ts';
import { serviceAccountUser, TokenAuthenticator, tokenReviewer } from './token-authenticator.ts';
import { servingCertAnnotation } from '../../shared/node-endpoint.ts';

const podType = { apiVersion: 'v1', plural: 'pods', namespaced: true } as const;

/** Options of {@link startNodeEndpoint}. */
export interface NodeEndpointOptions extends Omit<
  NodeServerOptions,
  'certificate' | 'authenticator'
> {
  readonly kubeConfig: KubeConfig;
  /** The field manager of the pod annotation patch. */
  readonly fieldManager: string;
  /** Where the serving certificate is kept (node-local, survives restarts). */
  readonly certificateDir: string;
  /** The handler's own pod, which gets {@link servingCertAnnotation}; none when absent. */
  readonly pod?: { readonly namespace: string; readonly name: string };
  /** The ServiceAccount allowed in (virt-api's). */
  readonly caller: { readonly namespace: string; readonly name: string };
}

/** Patches the handler's own pod with the fingerprint virt-api pins. */
export async function publishServingFingerprint(input: {
  readonly client: KubeClient;
  readonly pod: { readonly namespace: string; readonly name: string };
  readonly fingerprint: string;
}): Promise<void> {
  await input.client.patch(podType, `${input.pod.namespace}/${input.pod.name}`, {
    metadata: { annotations: { [servingCertAnnotation]: input.fingerprint } },
  });
}

async function publish(options: NodeEndpointOptions, fingerprint: string, logger: Logger) {
  if (options.pod === undefined) {
    logger.warn('no pod name (POD_NAME): virt-api cannot find the serving certificate to pin');
    return;
  }
  const client = new KubeClient({
    kubeConfig: options.kubeConfig,
    fieldManager: options.fieldManager,
  });
  try {
    await publishServingFingerprint({ client, pod: options.pod, fingerprint });
  } catch (error) {
    // Running VMs do not need the endpoint: keep going, loudly.
    logger.error(
      { err: error, pod: options.pod },
      `cannot annotate the pod with ${servingCertAnnotation}`,
    );
  }
}

/**
 * Starts the node endpoint as virt-handler runs it: the serving certificate kept in
 * `certificateDir` (created on first start), its fingerprint published on the handler's pod,
 * callers authenticated by TokenReview as `caller`'s ServiceAccount (answers cached a minute).
 */
export async function startNodeEndpoint(options: NodeEndpointOptions): Promise<NodeServer> {
  const certificate = await ensureServingCertificate({
    dir: options.certificateDir,
    commonName: `virt-handler.${options.nodeName}`,
  });
  const authenticator = new TokenAuthenticator({
    review: tokenReviewer(options.kubeConfig),
    allowedUser: serviceAccountUser(options.caller.namespace, options.caller.name),
  });
  const server = await startNodeServer({ ...options, certificate, authenticator });
  await publish(options, certificate.fingerprint, options.logger);
  options.logger.info({ fingerprint: certificate.fingerprint }, 'node endpoint serving');
  return server;
}

export { servingCertAnnotation };
