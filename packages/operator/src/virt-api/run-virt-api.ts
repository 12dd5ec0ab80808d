import { nodeEndpointPort } from '../shared/node-endpoint.ts';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import {
  clusterConfigFrom,
  defaultMigration,
  defaultVirtualMachine,
  defaultVirtualMachineInstance,
  validateMigrationCreate,
  validateMigrationUpdate,
  validateVirtualMachine,
  validateVirtualMachineInstanceCreate,
  validateVirtualMachineInstanceReplicaSet,
  validateVirtualMachineInstanceUpdate,
  type ClusterConfig,
  type KubeVirt,
} from '@podvisor/api';
import { Informer, type Logger } from '@podvisor/kube';
import {
  admissionHandlers,
  operatorServiceAccounts,
  type AdmissionHandler,
  type Defaulting,
  type Validation,
} from './admission-handlers.ts';
import { ensureServingCertificates } from './ensure-serving-certificates.ts';
import {
  evictionCluster,
  evictionInterceptor,
  launcherEvictionPath,
  type AsyncAdmissionHandler,
} from './eviction/index.ts';
import { readRequestHeaderConfig, type RequestHeaderConfig } from './request-header-auth.ts';
import { startVirtApi, type VirtApi } from './start-virt-api.ts';
import {
  apiHandlerLocator,
  bearerToken,
  clusterCalls,
  HandlerClient,
  installSubresourceApi,
  subjectAccessReviewer,
} from './subresources/index.ts';

/** `@podvisor/api`'s defaulting functions. */
export const apiDefaulting: Defaulting = {
  defaultVirtualMachine,
  defaultVirtualMachineInstance,
  defaultMigration,
};

/** `@podvisor/api`'s validation functions. */
export const apiValidation: Validation = {
  validateVirtualMachine,
  validateVirtualMachineInstanceCreate,
  validateVirtualMachineInstanceUpdate,
  validateMigrationCreate,
  validateMigrationUpdate,
  validateVirtualMachineInstanceReplicaSet,
};

/** What {@link runVirtApi} needs (from virt-api's configuration). */
export interface RunVirtApiOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  /** The install namespace (`POD_NAMESPACE`): the Secret, the KubeVirt CR, the service accounts. */
  readonly namespace: string;
  readonly port: number;
  readonly host?: string;
  /** More names for the serving certificate (tests: `127.0.0.1`). */
  readonly extraNames?: readonly string[];
  /** The virt-handlers' console port (their `--console-port`; default 8186). */
  readonly handlerPort?: number;
}

/** A running virt-api with its informers. */
export interface RunningVirtApi {
  readonly port: number;
  readonly server: VirtApi;
  /** The CA (PEM) of the serving certificate, as injected into the caBundles. */
  readonly ca: string;
  close(): Promise<void>;
}

const requestHeaderConfigMap = 'extension-apiserver-authentication';

/** Names shared with deploy/: the Service, Secret, webhook configurations and APIService. */
export const virtApiNames = {
  service: 'virt-api',
  secret: 'virt-api-certs',
  mutating: 'podvisor-virt-api-mutator',
  validating: 'podvisor-virt-api-validator',
  apiService: 'v1.subresources.kubevirt.io',
} as const;

/** The oldest KubeVirt CR (normally the only one), or `undefined`. */
function currentKubeVirt(informer: Informer<KubernetesObject>): KubeVirt | undefined {
  const [first] = informer.list().sort((a, b) => {
    const at = (o: KubernetesObject): string => String(o.metadata?.creationTimestamp ?? '');
    return (
      at(a).localeCompare(at(b)) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
    );
  });
  return first as KubeVirt | undefined;
}

/** Watches the requestheader ConfigMap; calls `onChange` with each valid version. */
function watchRequestHeader(
  options: RunVirtApiOptions,
  onChange: (config: RequestHeaderConfig | undefined) => void,
): Informer<KubernetesObject> {
  const path = '/api/v1/namespaces/kube-system/configmaps';
  const fieldSelector = `metadata.name=${requestHeaderConfigMap}`;
  const informer = new Informer<KubernetesObject>({
    kubeConfig: options.kubeConfig,
    logger: options.logger,
    path,
    fieldSelector,
  });
  const apply = (configMap: KubernetesObject): void => {
    const data = (configMap as { data?: Record<string, unknown> }).data ?? {};
    try {
      onChange(readRequestHeaderConfig(data));
      options.logger.info(
        `loaded the requestheader configuration from kube-system/${requestHeaderConfigMap}`,
      );
    } catch (error) {
      options.logger.error({ err: error }, `kube-system/${requestHeaderConfigMap} is unusable`);
    }
  };
  informer.on('add', apply);
  informer.on('update', apply);
  informer.on('delete', () => {
    options.logger.warn(
      `kube-system/${requestHeaderConfigMap} was deleted: the aggregated API answers 401`,
    );
    onChange(undefined);
  });
  return informer;
}

/**
 * Runs virt-api: ensures its certificates (and the caBundles), watches the KubeVirt CR of the
 * namespace (its configuration feeds defaulting and validation; none means the defaults) and
 * the requestheader ConfigMap, then serves the webhooks and the aggregated API. Ready once both
 * watches have synced and the requestheader configuration is loaded.
 */
export async function runVirtApi(options: RunVirtApiOptions): Promise<RunningVirtApi> {
  const { kubeConfig, logger, namespace } = options;
  const certificates = await ensureServingCertificates({
    kubeConfig,
    logger,
    namespace,
    serviceName: virtApiNames.service,
    secretName: virtApiNames.secret,
    webhookConfigurations: { mutating: virtApiNames.mutating, validating: virtApiNames.validating },
    apiService: virtApiNames.apiService,
    ...(options.extraNames === undefined ? {} : { extraNames: options.extraNames }),
  });
  const kubevirtsPath = `/apis/kubevirt.io/v1/namespaces/${encodeURIComponent(namespace)}/kubevirts`;
  const kubevirts = new Informer<KubernetesObject>({
    kubeConfig,
    logger,
    path: kubevirtsPath,
  });
  let requestHeader: RequestHeaderConfig | undefined;
  const live: { server?: VirtApi } = {};
  const configMaps = watchRequestHeader(options, (config) => {
    requestHeader = config;
    live.server?.setClientCa(config?.clientCa);
  });
  kubevirts.start();
  configMaps.start();
  const clusterConfig = (): ClusterConfig => clusterConfigFrom(currentKubeVirt(kubevirts));
  const stopWatching = async (): Promise<void> => {
    await Promise.all([kubevirts.stop(), configMaps.stop()]);
  };
  const server = await startVirtApi({
    port: options.port,
    ...(options.host === undefined ? {} : { host: options.host }),
    serving: certificates,
    logger,
    admission: new Map<string, AdmissionHandler | AsyncAdmissionHandler>([
      ...admissionHandlers({
        defaulting: apiDefaulting,
        validation: apiValidation,
        clusterConfig,
        operatorServiceAccounts: operatorServiceAccounts(namespace),
      }),
      [
        launcherEvictionPath,
        evictionInterceptor({
          cluster: evictionCluster(kubeConfig),
          clusterStrategy: () => clusterConfig().evictionStrategy,
        }),
      ],
    ]),
    requestHeader: () => requestHeader,
    ready: () => kubevirts.hasSynced() && requestHeader !== undefined,
  }).catch(async (error: unknown) => {
    await stopWatching();
    throw error;
  });
  live.server = server;
  installSubresourceApi(server, {
    cluster: clusterCalls(kubeConfig),
    review: subjectAccessReviewer(kubeConfig),
    handler: new HandlerClient({
      locate: apiHandlerLocator(kubeConfig, namespace),
      port: options.handlerPort ?? nodeEndpointPort,
      token: () => bearerToken(kubeConfig),
    }),
    logger,
  });
  return {
    port: server.port,
    server,
    ca: certificates.ca,
    async close() {
      await server.close();
      await stopWatching();
    },
  };
}
