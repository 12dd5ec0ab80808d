import {
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextInput,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { type ReactElement, useState } from 'react';
import type { WorkloadQuery, WorkloadQueryChange } from './use-workload-query.ts';
import type { WorkloadKind } from './workload-rows.ts';
import { NameSearch } from '../shared/NameSearch.tsx';

interface WorkloadsToolbarProps {
  readonly query: WorkloadQuery;
  readonly onChange: (change: WorkloadQueryChange) => void;
  /** The statuses present, for the status filter. */
  readonly statuses: readonly string[];
  /** Why the label selector cannot be used, if it cannot. */
  readonly labelError: string | undefined;
  readonly shown: number;
  readonly total: number;
}

const kindChoices: readonly { readonly kind: WorkloadKind | undefined; readonly text: string }[] = [
  { kind: undefined, text: 'All kinds' },
  { kind: 'Pod', text: 'Pods' },
  { kind: 'VirtualMachine', text: 'Virtual machines' },
];

function KindFilter({ query, onChange }: Pick<WorkloadsToolbarProps, 'query' | 'onChange'>) {
  return (
    <ToggleGroup aria-label="Kind">
      {kindChoices.map(({ kind, text }) => (
        <ToggleGroupItem
          key={text}
          text={text}
          isSelected={query.kind === kind}
          onChange={() => {
            onChange({ kind });
          }}
        />
      ))}
    </ToggleGroup>
  );
}

function StatusFilter({
  query,
  onChange,
  statuses,
}: Pick<WorkloadsToolbarProps, 'query' | 'onChange' | 'statuses'>) {
  const options =
    query.status === undefined || statuses.includes(query.status)
      ? statuses
      : [query.status, ...statuses];
  return (
    <FormSelect
      aria-label="Status"
      value={query.status ?? ''}
      onChange={(_event, value) => {
        onChange({ status: value === '' ? undefined : value });
      }}
    >
      <FormSelectOption value="" label="All statuses" />
      {options.map((status) => (
        <FormSelectOption key={status} value={status} label={status} />
      ))}
    </FormSelect>
  );
}

function LabelFilter({
  query,
  onChange,
  labelError,
}: Pick<WorkloadsToolbarProps, 'query' | 'onChange' | 'labelError'>) {
  // Typed text lives here; the URL follows it (it updates asynchronously).
  const [text, setText] = useState(query.label);
  return (
    <div>
      <TextInput
        aria-label="Label selector"
        placeholder="app=web,tier!=db"
        value={text}
        validated={labelError === undefined ? 'default' : 'error'}
        onChange={(_event, value) => {
          setText(value);
          onChange({ label: value });
        }}
      />
      {labelError === undefined ? null : (
        <FormHelperText>
          <HelperText>
            <HelperTextItem variant="error">{labelError}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      )}
    </div>
  );
}

/**
 * The Workloads filters: kind, status, label selector and a name search, with the count shown.
 * Remount it (change its key) when the URL changes from elsewhere, so typed text follows.
 */
export function WorkloadsToolbar(props: WorkloadsToolbarProps): ReactElement {
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <NameSearch
            initial={props.query.text}
            onChange={(text) => {
              props.onChange({ text });
            }}
          />
        </ToolbarItem>
        <ToolbarItem>
          <KindFilter query={props.query} onChange={props.onChange} />
        </ToolbarItem>
        <ToolbarItem>
          <StatusFilter query={props.query} onChange={props.onChange} statuses={props.statuses} />
        </ToolbarItem>
        <ToolbarItem>
          <LabelFilter
            query={props.query}
            onChange={props.onChange}
            labelError={props.labelError}
          />
        </ToolbarItem>
        <ToolbarItem align={{ default: 'alignEnd' }} role="status">
          {props.shown === props.total
            ? `${props.total} workloads`
            : `${props.shown} of ${props.total} workloads`}
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
