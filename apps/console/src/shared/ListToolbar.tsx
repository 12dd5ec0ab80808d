import { Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { NameSearch } from './NameSearch.tsx';

/** `12 nodes`, or `3 of 12 nodes` while a search or filter hides some. */
export function listCountText(shown: number, total: number, what: string): string {
  if (shown === total) return `${String(total)} ${what}`;
  return `${String(shown)} of ${String(total)} ${what}`;
}

/**
 * The toolbar of a list page: a search box (its text kept by the page, in the URL), the page's
 * other filters (`children`, each a `ToolbarItem`), and the count of the rows shown, announced
 * as a status.
 */
export function ListToolbar(props: {
  readonly search: {
    readonly text: string;
    readonly onChange: (text: string) => void;
    readonly label: string;
  };
  readonly shown: number;
  readonly total: number;
  /** The listed things in words, plural (`nodes`). */
  readonly what: string;
  readonly children?: ReactNode;
}): ReactElement {
  const { search, shown, total, what } = props;
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <NameSearch initial={search.text} onChange={search.onChange} label={search.label} />
        </ToolbarItem>
        {props.children}
        <ToolbarItem align={{ default: 'alignEnd' }} role="status">
          {listCountText(shown, total, what)}
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
