import { type ReactElement, useCallback } from 'react';
import { type ObjectEventColumn, ObjectEventsTab } from '../events/ObjectEventsTab.tsx';
import { type KubeEvent, vmEvents } from './vm-events.ts';

const vmEventColumns: readonly ObjectEventColumn[] = [
  'time',
  'type',
  'reason',
  'object',
  'message',
];

/** The Events tab: live events about the VM and its VMI, newest first. */
export function VmEventsTab({
  namespace,
  name,
}: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  const select = useCallback(
    (events: readonly KubeEvent[]) => vmEvents(events, { namespace, name }),
    [namespace, name],
  );
  return (
    <ObjectEventsTab
      namespace={namespace}
      select={select}
      columns={vmEventColumns}
      emptyText="No events about this virtual machine."
    />
  );
}
