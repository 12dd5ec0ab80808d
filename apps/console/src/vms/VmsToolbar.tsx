import {
  FormSelect,
  FormSelectOption,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { NameSearch } from '../shared/NameSearch.tsx';

interface VmsToolbarProps {
  readonly text: string;
  readonly status: string | undefined;
  /** The statuses present, for the status filter. */
  readonly statuses: readonly string[];
  readonly onText: (text: string) => void;
  readonly onStatus: (status: string | undefined) => void;
  /** The bulk action buttons. */
  readonly actions: ReactNode;
  readonly shown: number;
  readonly total: number;
}

function StatusFilter(props: Pick<VmsToolbarProps, 'status' | 'statuses' | 'onStatus'>) {
  const { status, statuses, onStatus } = props;
  const options =
    status === undefined || statuses.includes(status) ? statuses : [status, ...statuses];
  return (
    <FormSelect
      aria-label="Status"
      value={status ?? ''}
      onChange={(_event, value) => {
        onStatus(value === '' ? undefined : value);
      }}
    >
      <FormSelectOption value="" label="All statuses" />
      {options.map((option) => (
        <FormSelectOption key={option} value={option} label={option} />
      ))}
    </FormSelect>
  );
}

/** The Virtual machines filters (name search, status), the bulk actions and the count shown. */
export function VmsToolbar(props: VmsToolbarProps): ReactElement {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <NameSearch initial={props.text} onChange={props.onText} />
        </ToolbarItem>
        <ToolbarItem>
          <StatusFilter status={props.status} statuses={props.statuses} onStatus={props.onStatus} />
        </ToolbarItem>
        <ToolbarItem>{props.actions}</ToolbarItem>
        <ToolbarItem align={{ default: 'alignEnd' }} role="status">
          {props.shown === props.total
            ? `${String(props.total)} virtual machines`
            : `${String(props.shown)} of ${String(props.total)} virtual machines`}
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
