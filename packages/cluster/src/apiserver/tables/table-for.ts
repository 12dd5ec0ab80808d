import {
  apiServicePrinter,
  clusterRoleBindingPrinter,
  leasePrinter,
  roleBindingPrinter,
  webhookConfigurationPrinter,
} from './cluster-printers.ts';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core-printers.ts';
import { defaultPrinter } from './default-printer.ts';
import { eventPrinter, eventsV1Printer } from './event-printer.ts';
import { nodePrinter } from './node-printer.ts';
import { podPrinter } from './pod-printer.ts';
import { endpointsPrinter, servicePrinter } from './service-printer.ts';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage-printers.ts';
import type { TablePrinter } from './table-printer.ts';
import {
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workload-printers.ts';

/** The built-in printers by `group/resource` (the core group is empty). */
const printers: ReadonlyMap<string, TablePrinter> = new Map([
  ['/pods', podPrinter],
  ['/namespaces', namespacePrinter],
  ['/nodes', nodePrinter],
  ['/events', eventPrinter],
  ['events.k8s.io/events', eventsV1Printer],
  ['/configmaps', configMapPrinter],
  ['/secrets', secretPrinter],
  ['/services', servicePrinter],
  ['/endpoints', endpointsPrinter],
  ['/serviceaccounts', serviceAccountPrinter],
  ['/persistentvolumes', persistentVolumePrinter],
  ['/persistentvolumeclaims', persistentVolumeClaimPrinter],
  ['apps/deployments', deploymentPrinter],
  ['apps/replicasets', replicaSetPrinter],
  ['apps/daemonsets', daemonSetPrinter],
  ['apps/statefulsets', statefulSetPrinter],
  ['storage.k8s.io/storageclasses', storageClassPrinter],
  ['coordination.k8s.io/leases', leasePrinter],
  ['rbac.authorization.k8s.io/rolebindings', roleBindingPrinter],
  ['rbac.authorization.k8s.io/clusterrolebindings', clusterRoleBindingPrinter],
  ['admissionregistration.k8s.io/mutatingwebhookconfigurations', webhookConfigurationPrinter],
  ['admissionregistration.k8s.io/validatingwebhookconfigurations', webhookConfigurationPrinter],
  ['apiregistration.k8s.io/apiservices', apiServicePrinter],
]);

/**
 * The printer kube-apiserver uses for a built-in resource; kinds without one (roles,
 * clusterroles, customresourcedefinitions, anything unknown) get the default `Name` +
 * `Created At` convertor.
 */
export function tableFor(group: string, resource: string): TablePrinter {
  return printers.get(`${group}/${resource}`) ?? defaultPrinter;
}
