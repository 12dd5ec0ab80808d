import { Nav, NavItem, NavList } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { Link, useLocation } from 'react-router';
import { namespaceParam } from './use-namespace.ts';

/** An entry of the sidebar, taken from the route table. */
export interface NavEntry {
  readonly path: string;
  readonly title: string;
}

/** The sidebar navigation; links keep the chosen namespace. */
export function AppNav({ entries }: { readonly entries: readonly NavEntry[] }): ReactElement {
  const location = useLocation();
  const namespace = new URLSearchParams(location.search).get(namespaceParam);
  const search =
    namespace === null ? '' : `?${new URLSearchParams({ [namespaceParam]: namespace }).toString()}`;
  return (
    <Nav aria-label="Main">
      <NavList>
        {entries.map((entry) => {
          const isActive =
            location.pathname === entry.path || location.pathname.startsWith(`${entry.path}/`);
          return (
            <NavItem key={entry.path} isActive={isActive}>
              <Link to={`${entry.path}${search}`}>{entry.title}</Link>
            </NavItem>
          );
        })}
      </NavList>
    </Nav>
  );
}
