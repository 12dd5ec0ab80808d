import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { Link } from 'react-router';

/** One count of a card: its term, the number, and where the number links (if anywhere). */
export interface CountEntry {
  readonly term: string;
  readonly count: number;
  /** What the number counts, for the link's accessible name (`3 Running virtual machines`). */
  readonly label: string;
  readonly href?: string | undefined;
  readonly icon?: ReactNode;
}

/** Counts as term–number pairs; a linked number is named by what it counts. */
export function CountList({ entries }: { readonly entries: readonly CountEntry[] }): ReactElement {
  return (
    <DescriptionList isHorizontal isCompact isFluid>
      {entries.map((entry) => (
        <DescriptionListGroup key={entry.term}>
          <DescriptionListTerm icon={entry.icon}>{entry.term}</DescriptionListTerm>
          <DescriptionListDescription>
            {entry.href === undefined ? (
              <span aria-label={`${String(entry.count)} ${entry.label}`}>{entry.count}</span>
            ) : (
              <Link to={entry.href} aria-label={`${String(entry.count)} ${entry.label}`}>
                {entry.count}
              </Link>
            )}
          </DescriptionListDescription>
        </DescriptionListGroup>
      ))}
    </DescriptionList>
  );
}
