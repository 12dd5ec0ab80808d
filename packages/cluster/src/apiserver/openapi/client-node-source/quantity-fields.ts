/**
 * Fields whose upstream type is `resource.Quantity` (or a map of them): client-node types them
 * as plain strings, so they are listed here (component name → JSON fields). Fields of kinds
 * outside this table stay plain strings.
 */
export const QUANTITY_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['io.k8s.api.core.v1.ResourceRequirements', ['limits', 'requests']],
  ['io.k8s.api.core.v1.VolumeResourceRequirements', ['limits', 'requests']],
  ['io.k8s.api.core.v1.ContainerStatus', ['allocatedResources']],
  ['io.k8s.api.core.v1.PodSpec', ['overhead']],
  ['io.k8s.api.core.v1.NodeStatus', ['allocatable', 'capacity']],
  ['io.k8s.api.core.v1.PersistentVolumeSpec', ['capacity']],
  ['io.k8s.api.core.v1.PersistentVolumeClaimStatus', ['allocatedResources', 'capacity']],
  ['io.k8s.api.core.v1.ResourceQuotaSpec', ['hard']],
  ['io.k8s.api.core.v1.ResourceQuotaStatus', ['hard', 'used']],
  [
    'io.k8s.api.core.v1.LimitRangeItem',
    ['default', 'defaultRequest', 'max', 'maxLimitRequestRatio', 'min'],
  ],
  ['io.k8s.api.core.v1.EmptyDirVolumeSource', ['sizeLimit']],
  ['io.k8s.api.core.v1.ResourceFieldSelector', ['divisor']],
  ['io.k8s.api.node.v1.Overhead', ['podFixed']],
  ['io.k8s.api.storage.v1.CSIStorageCapacity', ['capacity', 'maximumVolumeSize']],
]);

/** Whether a field of a component holds a Quantity (or a map or list of them). */
export function isQuantityField(schemaName: string, field: string): boolean {
  return QUANTITY_FIELDS.get(schemaName)?.includes(field) === true;
}
