import type { ControllerFactory } from '../../controller-host.ts';
import { servicesRef } from '../cluster-ip-controller.ts';
import { endpointsRef } from '../kubernetes-service-controller.ts';
import { runInformerController } from '../../run-informer-controller.ts';
import { createServiceProxy } from './create-service-proxy.ts';

const key = 'proxy';
/** How soon an address another process holds is tried again. */
const bindRetryMs = 5_000;

/**
 * Runs the service proxy inside the API server process, fed by Service and Endpoints
 * informers. In local mode every node shares the host's loopback (or, with the pod network, the
 * cluster netns, where 10.96.0.0/16 is a local route) and an address can be bound only once, so
 * this one proxy serves all nodes (instead of one per node agent). Services labelled
 * `service.kubernetes.io/service-proxy-name` are left to their own proxy, as kube-proxy does:
 * `kube-system/kube-dns`, whose ClusterIP the cluster DNS server binds itself.
 */
export const serviceProxyController: ControllerFactory = {
  name: 'service-proxy',
  start({ client, logger }) {
    const services = client.informer(servicesRef);
    const endpoints = client.informer(endpointsRef);
    const proxy = createServiceProxy({ logger });
    const controller = runInformerController({
      name: 'service-proxy',
      logger,
      initialKeys: [key],
      sources: [
        { informer: services, keys: () => [key] },
        { informer: endpoints, keys: () => [key] },
      ],
      reconciler: {
        async reconcile() {
          const failed = await proxy.update(services.list(), endpoints.list());
          return failed.length > 0 ? { requeueAfterMs: bindRetryMs } : undefined;
        },
      },
    });
    return {
      stop: async () => {
        await controller.stop();
        await proxy.close();
      },
    };
  },
};
