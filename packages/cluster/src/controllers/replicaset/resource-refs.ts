import type { ResourceRef } from '../cluster-client.ts';

/** `v1 pods`. */
export const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
/** `v1 nodes`. */
export const nodesRef: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
/** `apps/v1 replicasets`. */
export const replicaSetsRef: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
};
/** `apps/v1 deployments`. */
export const deploymentsRef: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
};
/** `apps/v1 daemonsets`. */
export const daemonSetsRef: ResourceRef = { group: 'apps', version: 'v1', resource: 'daemonsets' };
