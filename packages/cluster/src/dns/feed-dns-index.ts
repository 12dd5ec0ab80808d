import type { KubeObject } from '../apiserver/json.ts';
import { metaString } from '../apiserver/objects/lifecycle.ts';
import type { ClusterClient } from '../controllers/cluster-client.ts';
import { podsRef } from '../controllers/endpoints/endpoints-controller.ts';
import { servicesRef } from '../controllers/services/cluster-ip-controller.ts';
import { endpointsRef } from '../controllers/services/kubernetes-service-controller.ts';
import type { Informer } from '../controllers/store-informer.ts';
import type { DnsIndex } from './dns-index.ts';
import { endpointsRecordOf, podRecordOf, serviceRecordOf } from './kube-dns-records.ts';

/** A running feed; `stop` stops its informers. */
export interface DnsFeed {
  stop(): void;
}

interface Binding<T> {
  readonly informer: Informer;
  readonly recordOf: (obj: KubeObject) => T | undefined;
  readonly upsert: (record: T) => void;
  readonly remove: (namespace: string, name: string) => void;
}

function bind<T>({ informer, recordOf, upsert, remove }: Binding<T>): void {
  const apply = (obj: KubeObject): void => {
    const record = recordOf(obj);
    if (record === undefined) remove(metaString(obj, 'namespace'), metaString(obj, 'name'));
    else upsert(record);
  };
  informer.on('add', apply);
  informer.on('update', apply);
  informer.on('delete', (obj) => {
    remove(metaString(obj, 'namespace'), metaString(obj, 'name'));
  });
}

/**
 * Keeps `index` equal to the cluster's Services, Endpoints and pods through the in-process
 * informers of the controllers' {@link ClusterClient} (the objects present are replayed first):
 * the same facility the Endpoints controller and the service proxy watch with. Handlers only
 * update maps, as store-informer handlers must.
 */
export function feedDnsIndex(client: Pick<ClusterClient, 'informer'>, index: DnsIndex): DnsFeed {
  const informers = [
    client.informer(servicesRef),
    client.informer(endpointsRef),
    client.informer(podsRef),
  ] as const;
  const [services, endpoints, pods] = informers;
  bind({
    informer: services,
    recordOf: serviceRecordOf,
    upsert: (r) => {
      index.upsertService(r);
    },
    remove: (ns, name) => {
      index.deleteService(ns, name);
    },
  });
  bind({
    informer: endpoints,
    recordOf: endpointsRecordOf,
    upsert: (r) => {
      index.upsertEndpoints(r);
    },
    remove: (ns, name) => {
      index.deleteEndpoints(ns, name);
    },
  });
  bind({
    informer: pods,
    recordOf: podRecordOf,
    upsert: (r) => {
      index.upsertPod(r);
    },
    remove: (ns, name) => {
      index.deletePod(ns, name);
    },
  });
  return {
    stop: () => {
      for (const informer of informers) informer.stop();
    },
  };
}
