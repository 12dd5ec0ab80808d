import {
  Alert,
  EmptyState,
  EmptyStateBody,
  Flex,
  FlexItem,
  PageSection,
  Skeleton,
  Title,
} from '@patternfly/react-core';
import { type ReactElement, useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useNamespace } from '../app/use-namespace.ts';
import { CreateVmLink } from '../create/CreateVmLink.tsx';
import { useVmActionAccess } from './use-vm-action-access.ts';
import { useVmActionRunner } from './use-vm-action-runner.tsx';
import { useVms } from './use-vms.ts';
import { buildVmRows, filterVmRows, type VmRow } from './vm-rows.ts';
import { VmActionButtons } from './VmActionButtons.tsx';
import { VmsTable } from './VmsTable.tsx';
import { VmsToolbar } from './VmsToolbar.tsx';

/** The search parameters of the page's filters. */
export const vmQueryParams = { text: 'q', status: 'status' } as const;

function useVmFilters() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (name: string, value: string | undefined) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value === undefined || value === '') next.delete(name);
          else next.set(name, value);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return {
    text: params.get(vmQueryParams.text) ?? '',
    status: params.get(vmQueryParams.status) ?? undefined,
    set,
  };
}

function useSelection(rows: readonly VmRow[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const onSelect = useCallback((keys: readonly string[], isSelecting: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      for (const key of keys) {
        if (isSelecting) next.add(key);
        else next.delete(key);
      }
      return next;
    });
  }, []);
  // Only rows still shown count: a VM that went away or was filtered out is not acted on.
  const targets = rows.filter((row) => selected.has(row.key));
  return { selected, onSelect, targets };
}

function LoadErrors(props: {
  readonly vmsError: string | undefined;
  readonly vmisError: string | undefined;
}) {
  return (
    <>
      {props.vmsError === undefined ? null : (
        <Alert variant="danger" isInline title="Could not load virtual machines">
          {props.vmsError}
        </Alert>
      )}
      {props.vmisError === undefined ? null : (
        <Alert variant="danger" isInline title="Could not load virtual machine instances">
          {props.vmisError}
        </Alert>
      )}
    </>
  );
}

/** The virtual machines, live: filters in the URL, bulk and per-row lifecycle actions. */
export function VirtualMachinesPage(): ReactElement {
  const [namespace] = useNamespace();
  const data = useVms(namespace);
  const filters = useVmFilters();
  const rows = useMemo(() => buildVmRows(data.vms, data.vmis), [data.vms, data.vmis]);
  const statuses = useMemo(() => [...new Set(rows.map((row) => row.status))].sort(), [rows]);
  const visible = useMemo(
    () => filterVmRows(rows, { text: filters.text, status: filters.status }),
    [rows, filters.text, filters.status],
  );
  const { selected, onSelect, targets } = useSelection(visible);
  const access = useVmActionAccess(useMemo(() => rows.map((row) => row.namespace), [rows]));
  const runner = useVmActionRunner();
  return (
    <PageSection>
      <Title headingLevel="h1">Virtual machines</Title>
      <LoadErrors vmsError={data.vmsError} vmisError={data.vmisError} />
      {runner.feedback}
      <VmsToolbar
        text={filters.text}
        status={filters.status}
        statuses={statuses}
        onText={(text) => {
          filters.set(vmQueryParams.text, text);
        }}
        onStatus={(status) => {
          filters.set(vmQueryParams.status, status);
        }}
        actions={
          <Flex spaceItems={{ default: 'spaceItemsSm' }}>
            <FlexItem>
              <CreateVmLink namespace={namespace ?? ''} />
            </FlexItem>
            <FlexItem>
              <VmActionButtons targets={targets} access={access} onRun={runner.request} />
            </FlexItem>
          </Flex>
        }
        shown={visible.length}
        total={rows.length}
      />
      {!data.loaded ? (
        <Skeleton screenreaderText="Loading virtual machines" />
      ) : visible.length === 0 ? (
        <EmptyState
          titleText={
            rows.length === 0 ? 'No virtual machines' : 'No virtual machines match the filters'
          }
          headingLevel="h2"
        >
          <EmptyStateBody>
            {rows.length === 0
              ? 'There are no virtual machines here yet.'
              : 'Change or clear the filters.'}
          </EmptyStateBody>
        </EmptyState>
      ) : (
        <VmsTable
          rows={visible}
          selected={selected}
          onSelect={onSelect}
          access={access}
          onRun={runner.request}
        />
      )}
    </PageSection>
  );
}
