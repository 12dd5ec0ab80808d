import { Masthead, MastheadBrand, MastheadMain, Page } from '@patternfly/react-core';
import type { ReactElement } from 'react';

/** The console's shell: the masthead and the page frame that features render into. */
export function App(): ReactElement {
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand>Podvisor</MastheadBrand>
      </MastheadMain>
    </Masthead>
  );
  return <Page masthead={masthead} />;
}
