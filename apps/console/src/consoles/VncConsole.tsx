import { useMemo, useRef, useState, type CSSProperties, type ReactElement } from 'react';
import { consoleSocketUrl } from './console-socket-url.ts';
import { toDisplayState } from './display-state.ts';
import { DisplayToolbar } from './DisplayToolbar.tsx';
import { useVncConsole } from './use-vnc-console.ts';

/** Which VMI's VNC console to show. */
export interface VncConsoleProps {
  readonly namespace: string;
  readonly name: string;
}

// A column filling its parent (and the screen, in fullscreen): toolbar on top, the remote screen
// in the rest (70 % of the window at least, as SPICE). noVNC's own element fills the region.
const frameStyle: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  gap: 'var(--pf-t--global--spacer--sm)',
  height: '100%',
  background: 'var(--pf-t--global--background--color--primary--default)',
};
const screenStyle: CSSProperties = { flex: '1 1 auto', minHeight: '70vh', background: '#000' };

/** Shows `element` full screen (the toolbar comes along); a refusal leaves the page as it is. */
function requestFullscreen(element: HTMLElement | null): void {
  // Absent where the browser has no Fullscreen API (and in jsdom).
  if (typeof element?.requestFullscreen !== 'function') return;
  element.requestFullscreen().catch(() => undefined);
}

/**
 * The VNC console of VMI `namespace/name` (noVNC): the remote screen scaled to fit its panel
 * (a switch turns scaling off), keyboard focus on click, the shared display toolbar (state,
 * connect / disconnect, key combinations, paste as typed keys, fullscreen) and the reason of the
 * last close. Reconnects on its own after a dropped connection; a refusal (not running, not
 * allowed) waits for "Reconnect".
 */
export function VncConsole({ namespace, name }: VncConsoleProps): ReactElement {
  const frame = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const [scaled, setScaled] = useState(true);
  const url = useMemo(() => consoleSocketUrl(namespace, name, 'vnc'), [namespace, name]);
  const controls = useVncConsole({ url, screen, scaled });
  return (
    <div ref={frame} style={frameStyle}>
      <div>
        <DisplayToolbar
          label="VNC"
          state={toDisplayState(controls.state)}
          onConnect={controls.connect}
          onDisconnect={controls.disconnect}
          onSendKeys={controls.sendKeys}
          onPaste={(text) => void controls.typeText(text)}
          onFullscreen={() => {
            requestFullscreen(frame.current);
          }}
          scaled={scaled}
          onScaledChange={setScaled}
        />
      </div>
      <div role="region" aria-label="VNC console" ref={screen} style={screenStyle} />
    </div>
  );
}
