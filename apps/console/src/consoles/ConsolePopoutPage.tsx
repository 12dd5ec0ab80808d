import { PageSection, Title } from '@patternfly/react-core';
import type { CSSProperties, ReactElement } from 'react';
import { useParams } from 'react-router';
import { ConsoleViewer } from './ConsoleViewer.tsx';

// The whole window: the title on top, the console in the rest.
const pageStyle: CSSProperties = { display: 'flex', flexDirection: 'column', height: '100vh' };
const bodyStyle: CSSProperties = { flex: '1 1 auto', minHeight: 0 };

/**
 * The pop-out console page (`/vms/:namespace/:name/console`, `?console=` as in the Console tab):
 * the VM's consoles filling the window, without the sidebar and masthead.
 */
export function ConsolePopoutPage(): ReactElement {
  const { namespace = '', name = '' } = useParams();
  return (
    <div style={pageStyle}>
      <title>{`${name} · Console · Podvisor`}</title>
      <PageSection
        padding={{ default: 'noPadding' }}
        style={{ padding: 'var(--pf-t--global--spacer--sm)' }}
      >
        <Title headingLevel="h1" size="lg">
          {`${name} (${namespace})`}
        </Title>
      </PageSection>
      <PageSection isFilled padding={{ default: 'noPadding' }} style={bodyStyle}>
        <ConsoleViewer namespace={namespace} name={name} popout />
      </PageSection>
    </div>
  );
}
