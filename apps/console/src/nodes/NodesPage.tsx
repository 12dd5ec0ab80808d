import type { VirtualMachineInstance } from '@podvisor/api';
import { Alert, Content, PageSection, Title } from '@patternfly/react-core';
import { type ReactElement, useMemo } from 'react';
import { useNamespace } from '../app/use-namespace.ts';
import { type KubeError, useK8sWatchResource } from '../k8s/index.ts';
import { ListBody } from '../shared/ListBody.tsx';
import { ListToolbar } from '../shared/ListToolbar.tsx';
import { sortRows } from '../shared/table-sort.ts';
import { useSearchParam } from '../shared/use-search-param.ts';
import { useTableSort } from '../shared/use-table-sort.ts';
import type { Pod } from '../workloads/pod.ts';
import { nodesResource, type Node } from './node.ts';
import {
  buildNodeRows,
  filterNodeRows,
  nodeSortColumns,
  type NodeSortColumn,
  nodeSortValue,
} from './node-rows.ts';
import { NodesTable } from './NodesTable.tsx';

const nodesWatch = { groupVersionResource: nodesResource, isList: true } as const;
const podsResource = { group: '', version: 'v1', resource: 'pods' } as const;
const vmisResource = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachineinstances',
} as const;
const defaultSort = { column: 'name', direction: 'asc' } as const satisfies {
  column: NodeSortColumn;
  direction: 'asc';
};

/** The nodes, and the pods and VMIs (of the namespace, or all) to count on each node. */
function useNodeData(namespace: string | undefined) {
  const [podsWatch, vmisWatch] = useMemo(
    () =>
      [podsResource, vmisResource].map((groupVersionResource) => ({
        groupVersionResource,
        isList: true as const,
        namespace,
      })),
    [namespace],
  );
  const [nodes, nodesLoaded, nodesError] = useK8sWatchResource<Node>(nodesWatch);
  const [pods, podsLoaded, podsError] = useK8sWatchResource<Pod>(podsWatch ?? null);
  const [vmis, vmisLoaded, vmisError] = useK8sWatchResource<VirtualMachineInstance>(
    vmisWatch ?? null,
  );
  const rows = useMemo(
    () =>
      buildNodeRows({
        nodes,
        pods: podsLoaded ? pods : undefined,
        vmis: vmisLoaded ? vmis : undefined,
      }),
    [nodes, pods, vmis, podsLoaded, vmisLoaded],
  );
  return { rows, loaded: nodesLoaded, nodesError, podsError, vmisError };
}

function CountErrors(props: {
  readonly podsError: KubeError | undefined;
  readonly vmisError: KubeError | undefined;
}) {
  const failures = [
    { what: 'pods', error: props.podsError },
    { what: 'virtual machine instances', error: props.vmisError },
  ];
  return failures.map(({ what, error }) =>
    error === undefined ? null : (
      <Alert
        key={what}
        variant="warning"
        isInline
        title={`Could not count the ${what} on each node`}
      >
        {error.message}
      </Alert>
    ),
  );
}

/** The cluster's nodes, live: status, roles, version, IP, capacity, pods and VMs; search and sort. */
export function NodesPage(): ReactElement {
  const [namespace] = useNamespace();
  const data = useNodeData(namespace);
  const [text, setText] = useSearchParam('q');
  const sorting = useTableSort(nodeSortColumns, defaultSort);
  const visible = useMemo(
    () =>
      sortRows(filterNodeRows(data.rows, text), {
        sort: sorting.sort,
        valueOf: nodeSortValue,
        tieBreakers: ['name'],
      }),
    [data.rows, text, sorting.sort],
  );
  const total = data.rows.length;
  return (
    <PageSection>
      <Title headingLevel="h1">Nodes</Title>
      {namespace === undefined ? null : (
        <Content component="p">Pods and VMs are counted in namespace {namespace}.</Content>
      )}
      <CountErrors podsError={data.podsError} vmisError={data.vmisError} />
      <ListToolbar
        search={{ text, onChange: setText, label: 'Search nodes' }}
        shown={visible.length}
        total={total}
        what="nodes"
      />
      <ListBody
        what="nodes"
        loaded={data.loaded}
        error={data.nodesError}
        empty={
          visible.length > 0
            ? undefined
            : { title: total === 0 ? 'No nodes' : 'No nodes match the search' }
        }
      >
        <NodesTable rows={visible} sorting={sorting} />
      </ListBody>
    </PageSection>
  );
}
