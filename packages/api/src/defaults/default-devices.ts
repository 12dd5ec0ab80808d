import type { LooseDisk, LooseInterface, LooseVmiSpec } from '../validation/loose.ts';

/** The name of the pod network and interface added to a VMI that declares none. */
export const defaultNetworkName = 'default';

function present(value: unknown): boolean {
  return value != null;
}

/** Whether an image reference is untagged or tagged `latest` (so it may change under the name). */
function isFloatingImage(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest';
}

/** containerDisk `imagePullPolicy`: Always for untagged and `:latest` images, else IfNotPresent. */
export function defaultContainerDiskPullPolicy(spec: LooseVmiSpec): void {
  for (const volume of spec.volumes ?? []) {
    const disk = volume.containerDisk;
    if (disk == null || present(disk.imagePullPolicy)) continue;
    disk.imagePullPolicy = isFloatingImage(disk.image ?? '') ? 'Always' : 'IfNotPresent';
  }
}

/**
 * The pod network: a VMI with neither networks nor interfaces gets the `default` pod network
 * with a masquerade interface, unless `autoattachPodInterface` is false.
 */
export function defaultPodNetwork(spec: LooseVmiSpec): void {
  const devices = ((spec.domain ??= {}).devices ??= {});
  if ((spec.networks ?? []).length > 0 || (devices.interfaces ?? []).length > 0) return;
  if (devices.autoattachPodInterface === false) return;
  spec.networks = [{ name: defaultNetworkName, pod: {} }];
  devices.interfaces = [{ name: defaultNetworkName, masquerade: {} }];
}

function hasBinding(iface: LooseInterface): boolean {
  const record = iface as Record<string, unknown>;
  return ['masquerade', 'bridge', 'passtBinding', 'sriov', 'binding'].some((b) =>
    present(record[b]),
  );
}

/**
 * Interfaces: model `virtio`; an interface without a binding gets masquerade on the pod network
 * and bridge on any other.
 */
export function defaultInterfaces(spec: LooseVmiSpec): void {
  const podNetworks = new Set(
    (spec.networks ?? []).filter((n) => present(n.pod)).map((n) => n.name),
  );
  for (const iface of spec.domain?.devices?.interfaces ?? []) {
    if (!present(iface.model) || iface.model === '') iface.model = 'virtio';
    if (hasBinding(iface)) continue;
    if (podNetworks.has(iface.name)) iface.masquerade = {};
    else iface.bridge = {};
  }
}

/**
 * Disks: every volume without a disk gets one of the same name; a disk without a target is a
 * `disk`; buses default to virtio (disk, lun) and sata (cdrom).
 */
export function defaultDisks(spec: LooseVmiSpec): void {
  const devices = ((spec.domain ??= {}).devices ??= {});
  const disks = (devices.disks ??= []);
  const named = new Set(disks.map((d) => d.name));
  for (const volume of spec.volumes ?? []) {
    if (!named.has(volume.name)) disks.push({ name: volume.name ?? '', disk: {} });
  }
  disks.forEach(defaultDiskTarget);
  if (disks.length === 0) delete devices.disks;
}

function defaultDiskTarget(disk: LooseDisk): void {
  if (!present(disk.disk) && !present(disk.lun) && !present(disk.cdrom)) disk.disk = {};
  if (disk.disk) disk.disk.bus ??= 'virtio';
  if (disk.lun) disk.lun.bus ??= 'virtio';
  if (disk.cdrom) disk.cdrom.bus ??= 'sata';
}
