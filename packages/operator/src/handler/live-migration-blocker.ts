import { annotations, conditionReasons, type VirtualMachineInstance } from '@podvisor/api';

/** Why a VMI cannot be live-migrated: the LiveMigratable=False condition's reason and message. */
export interface LiveMigrationBlocker {
  readonly reason: string;
  readonly message: string;
}

function podNetworkNames(vmi: VirtualMachineInstance): Set<string> {
  const networks = vmi.spec.networks ?? [];
  if (networks.length === 0) return new Set(['default']);
  return new Set(networks.filter((n) => n.pod !== undefined).map((n) => n.name));
}

function bridgeOnPodNetwork(vmi: VirtualMachineInstance): boolean {
  if (vmi.metadata.annotations?.[annotations.allowPodBridgeNetworkLiveMigration] !== undefined) {
    return false;
  }
  const pod = podNetworkNames(vmi);
  return (vmi.spec.domain.devices.interfaces ?? []).some(
    (iface) => iface.bridge !== undefined && pod.has(iface.name),
  );
}

/**
 * What keeps `vmi` from being live-migrated (KubeVirt's reasons and wording), or `undefined`
 * when nothing does: a hostDisk volume (node-local storage), or a bridge binding on the pod
 * network without the `kubevirt.io/allow-pod-bridge-network-live-migration` annotation.
 */
export function liveMigrationBlocker(
  vmi: VirtualMachineInstance,
): LiveMigrationBlocker | undefined {
  const hostDisk = (vmi.spec.volumes ?? []).find((volume) => volume.hostDisk !== undefined);
  if (hostDisk !== undefined) {
    return {
      reason: conditionReasons.disksNotLiveMigratable,
      message: `cannot migrate VMI with non-shared HostDisk (volume ${hostDisk.name})`,
    };
  }
  if (bridgeOnPodNetwork(vmi)) {
    return {
      reason: conditionReasons.interfaceNotLiveMigratable,
      message:
        'cannot migrate VMI which does not use masquerade, bridge with ' +
        `${annotations.allowPodBridgeNetworkLiveMigration} VM annotation or a migratable plugin to connect to the pod network`,
    };
  }
  return undefined;
}
