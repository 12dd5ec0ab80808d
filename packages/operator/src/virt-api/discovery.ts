import { arch, platform } from 'node:process';

/** The API group virt-api serves as an aggregated API server. */
export const subresourceGroup = 'subresources.kubevirt.io';
export const subresourceVersion = 'v1';
export const subresourceGroupVersion = `${subresourceGroup}/${subresourceVersion}`;

/** KubeVirt's subresource names (plus `virtualmachineinstances/spice`, Podvisor's own). */
export const subresourceNames: readonly string[] = [
  'virtualmachineinstances/console',
  'virtualmachineinstances/vnc',
  'virtualmachineinstances/vnc/screenshot',
  'virtualmachineinstances/portforward',
  'virtualmachineinstances/pause',
  'virtualmachineinstances/unpause',
  'virtualmachineinstances/softreboot',
  'virtualmachineinstances/reset',
  'virtualmachineinstances/guestosinfo',
  'virtualmachineinstances/userlist',
  'virtualmachineinstances/filesystemlist',
  'virtualmachineinstances/spice',
  'virtualmachines/start',
  'virtualmachines/stop',
  'virtualmachines/restart',
  'virtualmachines/migrate',
  'virtualmachines/expand-spec',
];

const groupVersionForDiscovery = {
  groupVersion: subresourceGroupVersion,
  version: subresourceVersion,
};

const group = {
  name: subresourceGroup,
  versions: [groupVersionForDiscovery],
  preferredVersion: groupVersionForDiscovery,
};

/** The `APIGroup` document of `/apis/subresources.kubevirt.io`. */
export function apiGroup(): Record<string, unknown> {
  return { kind: 'APIGroup', apiVersion: 'v1', ...group };
}

/** The `APIGroupList` of `/apis`: the subresource group only. */
export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [group] };
}

/**
 * The `APIResourceList` of `/apis/subresources.kubevirt.io/v1`, as KubeVirt's: every subresource
 * namespaced, with no kind or verbs (kubectl lists no subresources; the aggregator's
 * availability probe needs a 200 here).
 */
export function apiResourceList(): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: subresourceGroupVersion,
    resources: subresourceNames.map((name) => ({
      name,
      singularName: '',
      namespaced: true,
      kind: '',
      verbs: [],
    })),
  };
}

/** The `version` document (KubeVirt's version.Info shape). */
export function versionInfo(gitVersion: string): Record<string, unknown> {
  return {
    gitVersion,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '',
    goVersion: '',
    compiler: 'node',
    platform: `${platform}/${arch === 'x64' ? 'amd64' : arch}`,
  };
}
