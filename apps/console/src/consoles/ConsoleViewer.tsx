import {
  Button,
  Flex,
  FlexItem,
  Skeleton,
  ToggleGroup,
  ToggleGroupItem,
} from '@patternfly/react-core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { lazy, Suspense, type CSSProperties, type ReactElement } from 'react';
import type { ConsoleKind } from './console-socket-url.ts';
import { consoleKinds, consolePopoutHref, useConsoleKind } from './use-console-kind.ts';

// Each viewer (xterm.js, noVNC, spice-html5) loads only when chosen.
const SerialConsole = lazy(async () => ({
  default: (await import('./SerialConsole.tsx')).SerialConsole,
}));
const VncConsole = lazy(async () => ({
  default: (await import('./VncConsole.tsx')).VncConsole,
}));
const SpiceConsole = lazy(async () => ({
  default: (await import('./spice/SpiceConsole.tsx')).SpiceConsole,
}));

/** Which VMI's consoles to show, and where. */
export interface ConsoleViewerProps {
  readonly namespace: string;
  readonly name: string;
  /** In the pop-out page: no "Open in new window" link. */
  readonly popout?: boolean;
}

function Viewer(props: {
  readonly kind: ConsoleKind;
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  const { kind, namespace, name } = props;
  switch (kind) {
    case 'serial':
      return <SerialConsole namespace={namespace} name={name} />;
    case 'vnc':
      return <VncConsole namespace={namespace} name={name} />;
    case 'spice':
      return <SpiceConsole namespace={namespace} name={name} />;
  }
}

const columnStyle: CSSProperties = { height: '100%' };

/**
 * The Console tab's content (and the pop-out page's): a switcher "Serial | VNC | SPICE" kept in
 * the URL (`?console=`, serial by default), the chosen viewer (loaded lazily; switching closes the
 * previous one's connection), and a link that opens the same console in a new window.
 */
export function ConsoleViewer({
  namespace,
  name,
  popout = false,
}: ConsoleViewerProps): ReactElement {
  const [kind, setKind] = useConsoleKind();
  return (
    <Flex direction={{ default: 'column' }} flexWrap={{ default: 'nowrap' }} style={columnStyle}>
      <FlexItem>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }}>
          <FlexItem>
            <ToggleGroup aria-label="Console type">
              {consoleKinds.map((entry) => (
                <ToggleGroupItem
                  key={entry.kind}
                  text={entry.title}
                  buttonId={`console-kind-${entry.kind}`}
                  isSelected={kind === entry.kind}
                  onChange={() => {
                    setKind(entry.kind);
                  }}
                />
              ))}
            </ToggleGroup>
          </FlexItem>
          {!popout && (
            <FlexItem>
              <Button
                component="a"
                variant="link"
                href={consolePopoutHref(namespace, name, kind)}
                target="_blank"
                rel="noopener noreferrer"
                icon={<ExternalLinkAltIcon />}
                iconPosition="end"
              >
                Open in new window
              </Button>
            </FlexItem>
          )}
        </Flex>
      </FlexItem>
      <FlexItem grow={{ default: 'grow' }}>
        <Suspense fallback={<Skeleton screenreaderText="Loading the console" />}>
          <Viewer key={kind} kind={kind} namespace={namespace} name={name} />
        </Suspense>
      </FlexItem>
    </Flex>
  );
}
