import '@xterm/xterm/css/xterm.css';
import {
  Alert,
  Button,
  Flex,
  FlexItem,
  Label,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { useMemo, useRef, type ReactElement } from 'react';
import { consoleSocketUrl } from './console-socket-url.ts';
import type { SerialConnectionState } from './serial-connection.ts';
import { useSerialConsole, type SerialConsoleControls } from './use-serial-console.ts';

/** Which VMI's serial console to show. */
export interface SerialConsoleProps {
  readonly namespace: string;
  readonly name: string;
}

type LabelColor = 'blue' | 'green' | 'grey' | 'red';

function statusLabel(state: SerialConnectionState): { text: string; color: LabelColor } {
  if (state.status === 'connecting') return { text: 'Connecting', color: 'blue' };
  if (state.status === 'connected') return { text: 'Connected', color: 'green' };
  return { text: 'Disconnected', color: state.close === undefined ? 'grey' : 'red' };
}

function ConnectionButtons({
  controls,
}: {
  readonly controls: SerialConsoleControls;
}): ReactElement {
  const { state } = controls;
  const retrying = state.status === 'disconnected' && state.retryInMs !== undefined;
  if (state.status === 'disconnected') {
    const text = retrying ? 'Reconnect now' : state.close === undefined ? 'Connect' : 'Reconnect';
    return (
      <>
        <ToolbarItem>
          <Button variant="primary" onClick={controls.connect}>
            {text}
          </Button>
        </ToolbarItem>
        {retrying && (
          <ToolbarItem>
            <Button variant="secondary" onClick={controls.disconnect}>
              Stop reconnecting
            </Button>
          </ToolbarItem>
        )}
      </>
    );
  }
  return (
    <ToolbarItem>
      <Button variant="secondary" onClick={controls.disconnect}>
        Disconnect
      </Button>
    </ToolbarItem>
  );
}

function ClipboardButtons({
  controls,
}: {
  readonly controls: SerialConsoleControls;
}): ReactElement {
  return (
    <ToolbarGroup>
      <ToolbarItem>
        <Button variant="plain" onClick={() => void controls.copy().catch(() => false)}>
          Copy
        </Button>
      </ToolbarItem>
      <ToolbarItem>
        <Button
          variant="plain"
          isDisabled={controls.state.status !== 'connected'}
          onClick={() => void controls.paste().catch(() => undefined)}
        >
          Paste
        </Button>
      </ToolbarItem>
    </ToolbarGroup>
  );
}

function CloseAlert({ state }: { readonly state: SerialConnectionState }): ReactElement | null {
  if (state.status !== 'disconnected' || state.close === undefined) return null;
  const { retryInMs } = state;
  const retry =
    retryInMs === undefined
      ? undefined
      : `Reconnecting in ${String(Math.max(1, Math.round(retryInMs / 1000)))} s…`;
  return (
    <Alert
      isInline
      variant={retry === undefined ? 'danger' : 'warning'}
      title={state.close.message}
    >
      {retry}
    </Alert>
  );
}

/**
 * The serial console of VMI `namespace/name`: an xterm.js terminal fitted to its panel, with the
 * connection's state, Connect/Disconnect, copy and paste, and the reason when it closes.
 * Reconnects on its own after a dropped connection; a refusal waits for "Reconnect".
 */
export function SerialConsole({ namespace, name }: SerialConsoleProps): ReactElement {
  const container = useRef<HTMLDivElement>(null);
  const url = useMemo(() => consoleSocketUrl(namespace, name, 'serial'), [namespace, name]);
  const controls = useSerialConsole(url, container);
  const label = statusLabel(controls.state);
  return (
    <Flex
      direction={{ default: 'column' }}
      flexWrap={{ default: 'nowrap' }}
      style={{ height: '100%' }}
    >
      <FlexItem>
        <Toolbar aria-label="Serial console" inset={{ default: 'insetNone' }}>
          <ToolbarContent>
            <ToolbarItem>
              <span role="status" aria-live="polite">
                <Label color={label.color}>{label.text}</Label>
              </span>
            </ToolbarItem>
            <ConnectionButtons controls={controls} />
            <ClipboardButtons controls={controls} />
          </ToolbarContent>
        </Toolbar>
      </FlexItem>
      <FlexItem>
        <CloseAlert state={controls.state} />
      </FlexItem>
      <FlexItem grow={{ default: 'grow' }} style={{ minHeight: '24rem' }}>
        <div
          ref={container}
          data-testid="serial-terminal"
          style={{ height: '100%', minHeight: '24rem' }}
        />
      </FlexItem>
    </Flex>
  );
}
