import { Alert, AlertActionCloseButton, Flex, FlexItem } from '@patternfly/react-core';
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type RefObject,
} from 'react';
import { consoleSocketUrl } from '../console-socket-url.ts';
import { DisplayToolbar } from '../DisplayToolbar.tsx';
import { attachScreenFit, type ScreenFit } from './spice-screen-fit.ts';
import { useSpiceConsole } from './use-spice-console.ts';

/** Which VMI's SPICE console to show. */
export interface SpiceConsoleProps {
  readonly namespace: string;
  readonly name: string;
}

/** Keeps the canvas in `screen` fitted while `scaled`. */
function useScreenFit(screen: RefObject<HTMLDivElement | null>, scaled: boolean): void {
  const fit = useRef<ScreenFit | undefined>(undefined);
  useEffect(() => {
    const element = screen.current;
    if (element === null) return undefined;
    // The next effect applies the current `scaled` right after.
    const attached = attachScreenFit(element, true);
    fit.current = attached;
    return () => {
      attached.dispose();
      fit.current = undefined;
    };
  }, [screen]);
  useEffect(() => {
    fit.current?.setScaled(scaled);
  }, [scaled]);
}

/** Lists the characters a paste skipped, until dismissed. */
function SkippedAlert(props: {
  readonly skipped: readonly string[];
  readonly onClose: () => void;
}): ReactElement | null {
  if (props.skipped.length === 0) return null;
  return (
    <Alert
      isInline
      variant="warning"
      title={`Not typed (no key on a US keyboard): ${props.skipped.join(' ')}`}
      actionClose={<AlertActionCloseButton onClose={props.onClose} />}
    />
  );
}

function requestFullscreen(element: HTMLElement | null): void {
  // Absent where the browser has no Fullscreen API (and in jsdom).
  if (typeof element?.requestFullscreen !== 'function') return;
  element.requestFullscreen().catch(() => undefined); // Refused: the viewer stays in the page.
}

/**
 * The SPICE console of VMI `namespace/name` through spice-html5 (loaded lazily): the shared
 * display toolbar (state, connect / disconnect, key combinations, paste as typed keys, scale to
 * fit, fullscreen) over the guest's screen. Reconnects on its own after a dropped session; a
 * refusal (not allowed, not running) shows its reason and waits for "Reconnect".
 */
export function SpiceConsole({ namespace, name }: SpiceConsoleProps): ReactElement {
  const region = useRef<HTMLDivElement>(null);
  const screen = useRef<HTMLDivElement>(null);
  const screenId = `spice-screen-${useId()}`;
  const url = useMemo(() => consoleSocketUrl(namespace, name, 'spice'), [namespace, name]);
  const controls = useSpiceConsole(url, screenId);
  const [scaled, setScaled] = useState(true);
  const [skipped, setSkipped] = useState<readonly string[]>([]);
  useScreenFit(screen, scaled);
  return (
    <Flex direction={{ default: 'column' }} flexWrap={{ default: 'nowrap' }}>
      <FlexItem>
        <DisplayToolbar
          label="SPICE"
          state={controls.state}
          onConnect={controls.connect}
          onDisconnect={controls.disconnect}
          onSendKeys={controls.sendKeys}
          onPaste={(text) => {
            setSkipped(controls.paste(text)?.unsupported ?? []);
          }}
          onFullscreen={() => {
            requestFullscreen(region.current);
          }}
          scaled={scaled}
          onScaledChange={setScaled}
        />
        <SkippedAlert
          skipped={skipped}
          onClose={() => {
            setSkipped([]);
          }}
        />
      </FlexItem>
      <FlexItem>
        <div
          ref={region}
          role="region"
          aria-label="SPICE console"
          style={{
            position: 'relative',
            height: scaled ? '70vh' : undefined,
            minHeight: '24rem',
            overflow: scaled ? 'hidden' : 'auto',
            background: '#000',
          }}
        >
          <div
            id={screenId}
            ref={screen}
            data-testid="spice-screen"
            style={scaled ? { position: 'absolute', inset: 0 } : undefined}
          />
        </div>
      </FlexItem>
    </Flex>
  );
}
