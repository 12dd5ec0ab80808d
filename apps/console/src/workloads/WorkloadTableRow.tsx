import { Td, Tr } from '@patternfly/react-table';
import { memo, type ReactElement } from 'react';
import { Link } from 'react-router';
import { formatAge } from '../shared/format-age.ts';
import { WorkloadKindLabel } from './WorkloadKindLabel.tsx';
import { workloadHref } from './workload-href.ts';
import type { WorkloadRef, WorkloadRow } from './workload-rows.ts';

/** The fixed height of a row in pixels; the virtualizer relies on it. */
export const workloadRowHeight = 41;

function RelatedLink({ related }: { readonly related: WorkloadRef }): ReactElement {
  const text = related.kind === 'Pod' ? 'launcher pod' : 'VM';
  return (
    <Link
      to={workloadHref(related)}
      // The accessible name starts with the visible text (WCAG 2.5.3, "label in name").
      aria-label={`${text} ${related.name}`}
      title={related.name}
      style={{ marginInlineStart: '0.5rem', fontSize: 'var(--pf-t--global--font--size--sm)' }}
    >
      {text}
    </Link>
  );
}

const missing = '-';

interface WorkloadTableRowProps {
  readonly row: WorkloadRow;
  readonly now: number;
  /** 1-based position among all rows, the header row being 1 (aria-rowindex). */
  readonly ariaRowIndex: number;
}

/** One row of the Workloads table, at a fixed height; long text is truncated. */
export const WorkloadTableRow = memo(function WorkloadTableRow({
  row,
  now,
  ariaRowIndex,
}: WorkloadTableRowProps): ReactElement {
  const age = row.created === undefined ? missing : formatAge(row.created, now);
  return (
    <Tr aria-rowindex={ariaRowIndex} style={{ height: workloadRowHeight }}>
      <Td dataLabel="Kind">
        <WorkloadKindLabel kind={row.kind} />
      </Td>
      <Td dataLabel="Name" modifier="truncate">
        <Link to={workloadHref(row)}>
          <span title={row.name}>{row.name}</span>
        </Link>{' '}
        {row.related === undefined ? null : <RelatedLink related={row.related} />}
      </Td>
      <Td dataLabel="Namespace" modifier="truncate">
        {row.namespace}
      </Td>
      <Td dataLabel="Status">{row.status}</Td>
      <Td dataLabel="Node" modifier="truncate">
        {row.node ?? missing}
      </Td>
      <Td dataLabel="IP">{row.ip ?? missing}</Td>
      <Td dataLabel="Age">
        {row.created === undefined ? (
          missing
        ) : (
          <time dateTime={new Date(row.created).toISOString()}>{age}</time>
        )}
      </Td>
    </Tr>
  );
});
