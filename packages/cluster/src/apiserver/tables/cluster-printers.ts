import type { KubeObject } from '../json.ts';
import { arrayAt, objectAt, stringAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import {
  ageColumn,
  ageOf,
  column,
  namedPrinter,
  nameColumn,
  nameOf,
  type TablePrinter,
} from './table-printer.ts';

/** Leases: Name, Holder, Age. */
export const leasePrinter: TablePrinter = namedPrinter(
  [column('Holder', 'string', describe.leaseHolder)],
  (lease) => [stringAt(lease, 'spec', 'holderIdentity')],
);

/** `rbac.SubjectsStrings`: users, groups and `namespace/name` service accounts, each joined. */
export function bindingSubjects(binding: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of arrayAt(binding, 'subjects')) {
    const name = stringAt(subject, 'name');
    const kind = stringAt(subject, 'kind');
    if (kind === 'ServiceAccount')
      serviceAccounts.push(`${stringAt(subject, 'namespace')}/${name}`);
    else if (kind === 'User') users.push(name);
    else if (kind === 'Group') groups.push(name);
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(kindWord: string, roleRefDescription: string): TablePrinter {
  return {
    columns: [
      nameColumn,
      column('Role', 'string', roleRefDescription),
      ageColumn,
      column('Users', 'string', `Users in the ${kindWord}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${kindWord}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kindWord}`, { priority: 1 }),
    ],
    row: (binding, now) => ({
      cells: [
        nameOf(binding),
        `${stringAt(binding, 'roleRef', 'kind')}/${stringAt(binding, 'roleRef', 'name')}`,
        ageOf(binding, now),
        ...bindingSubjects(binding),
      ],
    }),
  };
}

/** RoleBindings: Name, Role, Age; wide: Users, Groups, ServiceAccounts. */
export const roleBindingPrinter = bindingPrinter('roleBinding', describe.roleBindingRoleRef);

/** ClusterRoleBindings: Name, Role, Age; wide: Users, Groups, ServiceAccounts. */
export const clusterRoleBindingPrinter = bindingPrinter(
  'clusterRoleBinding',
  describe.clusterRoleBindingRoleRef,
);

/** Mutating and validating webhook configurations: Name, Webhooks (how many), Age. */
export const webhookConfigurationPrinter: TablePrinter = namedPrinter(
  [column('Webhooks', 'integer', describe.webhooks)],
  (config) => [arrayAt(config, 'webhooks').length],
);

function apiServiceAvailable(apiService: KubeObject): string {
  const condition = arrayAt(apiService, 'status', 'conditions').find(
    (c) => stringAt(c, 'type') === 'Available',
  );
  if (condition === undefined) return 'Unknown';
  const status = stringAt(condition, 'status');
  const reason = stringAt(condition, 'reason');
  return status !== 'True' && reason !== '' ? `${status} (${reason})` : status;
}

function apiServiceService(apiService: KubeObject): string {
  const service = objectAt(apiService, 'spec', 'service');
  if (service === undefined) return 'Local';
  return `${stringAt(service, 'namespace')}/${stringAt(service, 'name')}`;
}

/** APIServices (kube-aggregator's convertor): Name, Service, Available, Age. */
export const apiServicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Service', 'string', describe.apiServiceService),
    column('Available', 'string', describe.apiServiceAvailable),
    ageColumn,
  ],
  row: (apiService, now) => ({
    cells: [
      nameOf(apiService),
      apiServiceService(apiService),
      apiServiceAvailable(apiService),
      ageOf(apiService, now),
    ],
  }),
};
