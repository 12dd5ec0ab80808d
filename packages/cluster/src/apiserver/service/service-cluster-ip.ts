import { allocateClusterIp } from '../../controllers/services/allocate-cluster-ip.ts';
import {
  clusterIpOf,
  serviceSpec,
  usedClusterIps,
} from '../../controllers/services/desired-cluster-ip.ts';
import type { KubeObject } from '../json.ts';
import { metaString } from '../objects/lifecycle.ts';
import type { ServiceContext } from './service-context.ts';

/**
 * Gives a new Service its ClusterIP at create time, as kube-apiserver does: the requested one
 * when free and in the cluster's range (422 otherwise), else the next free address of the range
 * (`ctx.clusterIpRange`: 127.96.0.0/16 in loopback mode, 10.96.0.0/16 with the pod network). Headless
 * (`None`) and ExternalName Services get none.
 */
export function assignClusterIp(ctx: ServiceContext, service: KubeObject): void {
  const spec = serviceSpec(service);
  if (spec['type'] === 'ExternalName') return;
  const requested = clusterIpOf(service);
  if (requested === 'None') return;
  const used = usedClusterIps(ctx.store.list('/core/services/').items);
  const ip = allocateClusterIp(ctx.clusterIpRange, {
    used,
    requested,
    serviceName: metaString(service, 'name'),
  });
  service['spec'] = {
    ...spec,
    clusterIP: ip,
    clusterIPs: [ip],
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
  };
}
