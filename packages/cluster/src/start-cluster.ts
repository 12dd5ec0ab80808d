import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@podvisor/kube';
import { createWebhookAdmission } from './apiserver/admission/index.ts';
import {
  createAggregator,
  ensureFrontProxyPki,
  extensionApiserverAuthentication,
} from './apiserver/aggregation/index.ts';
import { createApiServer, type ApiServer } from './apiserver/http/api-server.ts';
import { createPodProxy } from './apiserver/pod-proxy/index.ts';
import { proxyClientCredentials } from './node/streaming/index.ts';
import type { KubeObject } from './apiserver/json.ts';
import { objectKey } from './apiserver/registry/resource-definition.ts';
import { chainAdmission } from './apiserver/service/chain-admission.ts';
import { serviceAccountAdmission } from './apiserver/service/service-account-admission.ts';
import { resolveServiceTarget, type ServiceTarget } from './apiserver/service/service-resolver.ts';
import { webhookAdmission } from './apiserver/service/webhook-admission-adapter.ts';
import { openStore } from './apiserver/storage/index.ts';
import { clusterClient, type ClusterClient } from './controllers/cluster-client.ts';
import { startControllers, type ControllerFactory } from './controllers/controller-host.ts';
import { clusterControllers } from './controllers/index.ts';
import { parseClusterIpRange } from './controllers/services/cluster-ip-range.ts';
import {
  loopbackServiceNetwork,
  type ServiceNetwork,
} from './controllers/services/service-network.ts';
import { clusterDnsController } from './dns/cluster-dns-controller.ts';
import { clusterDnsIp, kubeDnsServiceController } from './dns/kube-dns-service.ts';
import { podNetwork } from './node/network/pod-address.ts';
import { adminKubeconfig } from './pki/kubeconfig.ts';
import { ensureClusterPki } from './pki/cluster-pki.ts';

/** How to start the embedded cluster. */
export interface ClusterOptions {
  /** Holds `state.db`, `pki/` and `kubeconfig`; created when missing. */
  readonly dataDir: string;
  /** API server port; 0 picks a free one. */
  readonly port: number;
  readonly logger: Logger;
  /** How many recent events watches can resume from (default 10,000; tests make it small). */
  readonly watchHistory?: number;
  /** Which in-process controllers run: all of local mode's (default), none, or the ones given (tests). */
  readonly controllers?: 'all' | 'none' | readonly ControllerFactory[];
  /** How long a silent node stays Ready before it turns Unknown (default 40 s, as upstream). */
  readonly nodeMonitorGracePeriodMs?: number;
  /**
   * Local mode's pod network (ADR 17): the caller runs this process inside the cluster netns
   * (bridge `pv0` with 10.244.0.1, a local route for 10.96.0.0/16). The API server then listens
   * on 0.0.0.0, Services get ClusterIPs from 10.96.0.0/16, `default/kubernetes` is 10.96.0.1:443
   * → 10.244.0.1:<port>, and (with the default controllers) the cluster DNS serves 10.96.0.10:53
   * behind the Service `kube-system/kube-dns`. Absent: loopback mode (127.0.0.1, 127.96.0.0/16).
   */
  readonly podNetwork?: PodNetworkOptions;
}

/** The pod network mode's options. */
export interface PodNetworkOptions {
  /**
   * A TCP socket already listening in the machine's root netns (127.0.0.1:<port>), inherited as a
   * file descriptor, that the API server serves as well: how host tools reach it. Its port must
   * be `port` (or `port` 0, which then takes this socket's port), so the URL is valid on both
   * sides.
   */
  readonly hostListenFd?: number;
}

/** A running embedded cluster. */
export interface RunningCluster {
  /** The API server's base URL, e.g. `https://127.0.0.1:39421`. */
  readonly url: string;
  /** The admin kubeconfig written into the data directory. */
  readonly kubeconfigPath: string;
  /** The in-process client over the API server's service layer (what the controllers use). */
  readonly client: ClusterClient;
  /** Stops the controllers, stops serving and closes the store. */
  close(): Promise<void>;
}

const apiServices = { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' };
const serviceAccounts = { group: '', plural: 'serviceaccounts' };
const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

/** Writes `kube-system/extension-apiserver-authentication`, which aggregated API servers read. */
async function publishRequestHeaderConfig(
  client: ClusterClient,
  configMap: KubeObject,
): Promise<void> {
  const existing = await client.get(configMaps, {
    namespace: 'kube-system',
    name: 'extension-apiserver-authentication',
  });
  if (existing === undefined)
    await client.create(configMaps, 'kube-system', configMap, {
      fieldManager: 'podvisor-apiserver',
    });
  else
    await client.update(
      configMaps,
      { ...configMap, metadata: { ...existing.metadata } },
      { fieldManager: 'podvisor-apiserver' },
    );
}

function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The pod network's Services: ClusterIPs from 10.96.0.0/16, the API server on the gateway. */
function podServiceNetwork(): ServiceNetwork {
  return {
    clusterIpRange: parseClusterIpRange(podNetwork.serviceCidr),
    apiServerHost: podNetwork.gateway,
  };
}

/** The in-process controllers `options.controllers` asks for. */
function selectedControllers(
  options: ClusterOptions,
  url: string,
  serviceNetwork: ServiceNetwork,
): readonly ControllerFactory[] {
  const factories = options.controllers ?? 'all';
  if (factories === 'none') return [];
  if (factories !== 'all') return factories;
  const controllers = clusterControllers({
    apiServerPort: Number(new URL(url).port),
    nodeMonitorGracePeriodMs: options.nodeMonitorGracePeriodMs,
    serviceNetwork,
  });
  if (options.podNetwork === undefined) return controllers;
  return [
    ...controllers,
    kubeDnsServiceController(clusterDnsIp),
    clusterDnsController({ host: clusterDnsIp, port: 53 }),
  ];
}

/** Where the API server listens, and on which inherited socket besides. */
interface Listening {
  readonly host: string;
  readonly port: number;
  readonly hostListenFd: number | undefined;
}

function listeningOf(options: ClusterOptions): Listening {
  if (options.podNetwork === undefined)
    return { host: '127.0.0.1', port: options.port, hostListenFd: undefined };
  const fd = options.podNetwork.hostListenFd;
  if (fd !== undefined && (!Number.isInteger(fd) || fd < 0))
    throw new Error(
      `podNetwork.hostListenFd: ${String(fd)} is not a file descriptor (an integer ≥ 0)`,
    );
  return { host: '0.0.0.0', port: options.port, hostListenFd: fd };
}

/**
 * Serves the inherited host socket first (its port becomes the API server's when `port` is 0),
 * then listens inside this netns; the URL names 127.0.0.1, valid on both sides.
 */
async function serve(server: ApiServer, listening: Listening): Promise<string> {
  if (listening.hostListenFd === undefined) return server.listen(listening.port, listening.host);
  const hostPort = await server.acceptFrom(listening.hostListenFd);
  if (listening.port !== 0 && listening.port !== hostPort)
    throw new Error(
      `podNetwork.hostListenFd listens on port ${hostPort} but port is ${listening.port}: they must be equal so the API server's URL is valid in both network namespaces`,
    );
  return server.listen(hostPort, listening.host);
}

/**
 * Starts the embedded cluster's API server on 127.0.0.1 (with `podNetwork`: on 0.0.0.0 of the
 * cluster netns and on the inherited host socket) with its state in the data directory, and
 * writes `kubeconfig` once it is serving.
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const listening = listeningOf(options);
  const serviceNetwork =
    options.podNetwork === undefined ? loopbackServiceNetwork : podServiceNetwork();
  mkdirSync(options.dataDir, { recursive: true });
  const pki = await ensureClusterPki(join(options.dataDir, 'pki'));
  const logger = options.logger.child({ subsystem: 'apiserver' });
  const store = openStore({
    path: join(options.dataDir, 'state.db'),
    ...(options.watchHistory === undefined ? {} : { historySize: options.watchHistory }),
    onError: (error, context) => {
      logger.error({ err: error, source: context.source }, 'store background error');
    },
  });
  const frontProxy = await ensureFrontProxyPki(join(options.dataDir, 'pki'));
  const resolveService = (namespace: string, name: string, port: number): ServiceTarget =>
    resolveServiceTarget(store, namespace, name, port);
  const webhooks = createWebhookAdmission({ store, logger, resolveService });
  const hooks: { client?: ClusterClient } = {};
  const aggregator = createAggregator({
    store,
    logger,
    resolveService,
    proxyClientCert: { cert: frontProxy.clientCert, key: frontProxy.clientKey },
    onAvailability: async (name, status) => {
      await hooks.client?.patch(
        apiServices,
        { namespace: '', name },
        { type: 'merge', body: { status } },
        { subresource: 'status', fieldManager: 'podvisor-aggregator' },
      );
    },
  });
  const podProxy = createPodProxy({
    credentials: await proxyClientCredentials(join(options.dataDir, 'pki')),
    logger,
  });
  let url: string;
  const server = createApiServer({
    podProxy,
    store,
    logger,
    tls: { key: pki.serverKey, cert: pki.serverCert },
    adminToken: pki.adminToken,
    pkiDir: join(options.dataDir, 'pki'),
    admission: chainAdmission(
      serviceAccountAdmission({
        getServiceAccount: (namespace, name) =>
          store.get(objectKey(serviceAccounts, namespace, name)),
      }),
      webhookAdmission(webhooks),
    ),
    aggregator,
    clusterIpRange: serviceNetwork.clusterIpRange,
  });
  try {
    url = await serve(server, listening);
  } catch (error) {
    await server.close();
    aggregator.close();
    podProxy.close();
    webhooks.close();
    store.close();
    throw error;
  }
  const client = clusterClient(server.context);
  hooks.client = client;
  await publishRequestHeaderConfig(
    client,
    extensionApiserverAuthentication({
      clientCaCert: pki.caCert,
      frontProxyCaCert: frontProxy.caCert,
    }),
  );
  const controllers = startControllers(selectedControllers(options, url, serviceNetwork), {
    client,
    logger,
    dataDir: options.dataDir,
  });
  const kubeconfigPath = join(options.dataDir, 'kubeconfig');
  writeFileAtomic(
    kubeconfigPath,
    adminKubeconfig({ server: url, caCert: pki.caCert, token: pki.adminToken }),
  );
  logger.info({ url }, 'API server serving');
  return {
    url,
    kubeconfigPath,
    client,
    close: async () => {
      await controllers.stop();
      aggregator.close();
      podProxy.close();
      webhooks.close();
      await server.close();
      store.close();
    },
  };
}
