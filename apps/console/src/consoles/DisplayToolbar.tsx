import {
  Alert,
  Button,
  Dropdown,
  DropdownItem,
  DropdownList,
  Label,
  MenuToggle,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  type MenuToggleElement,
} from '@patternfly/react-core';
import { ExpandIcon, KeyboardIcon, PasteIcon } from '@patternfly/react-icons';
import { useState, type ReactElement, type Ref } from 'react';
import { useNow } from '../shared/use-now.ts';
import { keyComboIds, keyCombos, type KeyCombo } from './key-combos.ts';
import { PasteKeysModal } from './PasteKeysModal.tsx';

export type { KeyCombo } from './key-combos.ts';

/** A graphical console's connection, as its toolbar shows it. */
export type DisplayState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  | {
      readonly status: 'disconnected';
      readonly message: string | undefined;
      readonly retryInMs: number | undefined;
    };

/** What the toolbar of a graphical console (VNC, SPICE) shows and does. */
export interface DisplayToolbarProps {
  /** 'VNC' | 'SPICE', used in button names. */
  readonly label: string;
  readonly state: DisplayState;
  readonly onConnect: () => void;
  readonly onDisconnect: () => void;
  readonly onSendKeys: (combo: KeyCombo) => void;
  /** Types `text` into the console (the user confirmed it in the paste dialog). */
  readonly onPaste: (text: string) => void;
  readonly onFullscreen: () => void;
  readonly scaled: boolean;
  readonly onScaledChange: (scaled: boolean) => void;
}

type LabelColor = 'blue' | 'green' | 'grey' | 'red' | 'orange';

function statusLabel(state: DisplayState): { text: string; color: LabelColor } {
  if (state.status === 'connecting') return { text: 'Connecting', color: 'blue' };
  if (state.status === 'connected') return { text: 'Connected', color: 'green' };
  if (state.retryInMs !== undefined) return { text: 'Reconnecting', color: 'orange' };
  return { text: 'Disconnected', color: state.message === undefined ? 'grey' : 'red' };
}

function ConnectionButtons(props: DisplayToolbarProps): ReactElement {
  const { label, state, onConnect, onDisconnect } = props;
  if (state.status !== 'disconnected')
    return (
      <ToolbarItem>
        <Button variant="secondary" onClick={onDisconnect}>
          {`Disconnect ${label}`}
        </Button>
      </ToolbarItem>
    );
  const retrying = state.retryInMs !== undefined;
  const text = retrying
    ? `Reconnect ${label} now`
    : `${state.message === undefined ? 'Connect' : 'Reconnect'} ${label}`;
  return (
    <>
      <ToolbarItem>
        <Button variant="primary" onClick={onConnect}>
          {text}
        </Button>
      </ToolbarItem>
      {retrying && (
        <ToolbarItem>
          <Button variant="secondary" onClick={onDisconnect}>
            {`Stop reconnecting ${label}`}
          </Button>
        </ToolbarItem>
      )}
    </>
  );
}

function SendKeysMenu(props: {
  readonly isDisabled: boolean;
  readonly onSendKeys: (combo: KeyCombo) => void;
}): ReactElement {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <Dropdown
      isOpen={isOpen}
      onOpenChange={setIsOpen}
      toggle={(ref: Ref<MenuToggleElement>) => (
        <MenuToggle
          ref={ref}
          icon={<KeyboardIcon />}
          isDisabled={props.isDisabled}
          isExpanded={isOpen}
          onClick={() => {
            setIsOpen(!isOpen);
          }}
        >
          Send keys
        </MenuToggle>
      )}
    >
      <DropdownList>
        {keyComboIds.map((combo) => (
          <DropdownItem
            key={combo}
            onClick={() => {
              setIsOpen(false);
              props.onSendKeys(combo);
            }}
          >
            {keyCombos[combo].label}
          </DropdownItem>
        ))}
      </DropdownList>
    </Dropdown>
  );
}

function RetryCountdown({ retryInMs }: { readonly retryInMs: number }): ReactElement {
  const [deadline] = useState(() => Date.now() + retryInMs);
  const now = useNow(1000);
  const seconds = Math.max(1, Math.ceil((deadline - now) / 1000));
  return <>{`Reconnecting in ${String(seconds)} s…`}</>;
}

function CloseAlert({ state }: { readonly state: DisplayState }): ReactElement | null {
  if (state.status !== 'disconnected' || state.message === undefined) return null;
  const { retryInMs } = state;
  return (
    <Alert isInline variant={retryInMs === undefined ? 'danger' : 'warning'} title={state.message}>
      {retryInMs === undefined ? undefined : <RetryCountdown retryInMs={retryInMs} />}
    </Alert>
  );
}

function InputTools(props: DisplayToolbarProps): ReactElement {
  const [pasting, setPasting] = useState(false);
  const connected = props.state.status === 'connected';
  return (
    <ToolbarGroup>
      <ToolbarItem>
        <SendKeysMenu isDisabled={!connected} onSendKeys={props.onSendKeys} />
      </ToolbarItem>
      <ToolbarItem>
        <Button
          variant="secondary"
          icon={<PasteIcon />}
          isDisabled={!connected}
          onClick={() => {
            setPasting(true);
          }}
        >
          Paste as typed keys
        </Button>
      </ToolbarItem>
      <PasteKeysModal
        isOpen={pasting && connected}
        target={props.label}
        onType={(text) => {
          setPasting(false);
          props.onPaste(text);
        }}
        onCancel={() => {
          setPasting(false);
        }}
      />
    </ToolbarGroup>
  );
}

function ViewTools(props: DisplayToolbarProps): ReactElement {
  return (
    <ToolbarGroup>
      <ToolbarItem alignSelf="center">
        <Switch
          id={`${props.label.toLowerCase()}-scale-to-fit`}
          label="Scale to fit"
          isChecked={props.scaled}
          onChange={(_event, checked) => {
            props.onScaledChange(checked);
          }}
        />
      </ToolbarItem>
      <ToolbarItem>
        <Button variant="plain" icon={<ExpandIcon />} onClick={props.onFullscreen}>
          Fullscreen
        </Button>
      </ToolbarItem>
    </ToolbarGroup>
  );
}

/**
 * The toolbar of a graphical console (VNC and SPICE share it): the connection's state,
 * connect / disconnect / reconnect-now, special key combinations, "paste as typed keys" (a
 * dialog), scale to fit and fullscreen, and below it the reason of the last close with the
 * reconnect countdown.
 */
export function DisplayToolbar(props: DisplayToolbarProps): ReactElement {
  const status = statusLabel(props.state);
  return (
    <>
      <Toolbar aria-label={`${props.label} console controls`} inset={{ default: 'insetNone' }}>
        <ToolbarContent>
          <ToolbarItem alignSelf="center">
            <span role="status" aria-live="polite">
              <Label color={status.color}>{status.text}</Label>
            </span>
          </ToolbarItem>
          <ConnectionButtons {...props} />
          <InputTools {...props} />
          <ViewTools {...props} />
        </ToolbarContent>
      </Toolbar>
      <CloseAlert state={props.state} />
    </>
  );
}
