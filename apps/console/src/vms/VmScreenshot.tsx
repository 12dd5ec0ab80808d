import type { VirtualMachineInstance } from '@podvisor/api';
import { Alert, Content, Skeleton } from '@patternfly/react-core';
import { type ReactElement, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type ScreenshotState, startScreenshotPoller } from './screenshot-poller.ts';

/** How often the thumbnail refreshes while visible. */
export const screenshotIntervalMs = 5000;

const none: ScreenshotState = { url: undefined, error: undefined };

/** Polls the VMI's screen while `enabled` (see {@link startScreenshotPoller}). */
export function useVmScreenshot(target: {
  readonly namespace: string;
  readonly name: string;
  readonly enabled: boolean;
}): ScreenshotState {
  const { namespace, name, enabled } = target;
  const [state, setState] = useState<ScreenshotState>(none);
  useEffect(() => {
    if (!enabled) return undefined;
    const poller = startScreenshotPoller({
      namespace,
      name,
      intervalMs: screenshotIntervalMs,
      onChange: setState,
    });
    return () => {
      poller.stop();
      setState(none);
    };
  }, [namespace, name, enabled]);
  return state;
}

/** This page's URL with the Console tab on VNC. */
function useVncConsoleSearch(): string {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set('tab', 'console');
  next.set('console', 'vnc');
  return `?${next.toString()}`;
}

const frame = { width: '100%', maxWidth: '320px', aspectRatio: '4 / 3' } as const;

/** The thumbnail itself, linked to the VNC console; a skeleton until the first image. */
function Thumbnail(props: {
  readonly name: string;
  readonly state: ScreenshotState;
}): ReactElement | null {
  const { name, state } = props;
  const consoleSearch = useVncConsoleSearch();
  if (state.url === undefined)
    return state.error === undefined ? (
      <Skeleton width="320px" height="240px" screenreaderText={`Loading the screen of ${name}`} />
    ) : null;
  return (
    <Link to={{ search: consoleSearch }} title="Open the VNC console">
      <img
        src={state.url}
        alt={`Screenshot of ${name}'s screen`}
        style={{ ...frame, objectFit: 'contain', display: 'block', background: '#000' }}
      />
    </Link>
  );
}

/**
 * The live screenshot thumbnail of the Overview tab: while the VMI runs, its screen refreshed
 * every few seconds (only while the browser tab is visible); clicking it opens the VNC console.
 * A placeholder while stopped or without a graphics device, the server's message when the
 * screenshot is refused.
 */
export function VmScreenshot({
  name,
  vmi,
}: {
  readonly name: string;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const running = vmi?.status?.phase === 'Running';
  const hasDisplay = vmi?.spec.domain.devices.autoattachGraphicsDevice !== false;
  const state = useVmScreenshot({
    namespace: vmi?.metadata.namespace ?? '',
    name: vmi?.metadata.name ?? name,
    enabled: running && hasDisplay,
  });
  let body: ReactElement | null;
  if (!running) body = <Content component="p">The screen is shown while the VM runs.</Content>;
  else if (!hasDisplay) body = <Content component="p">This VM has no graphics device.</Content>;
  else body = <Thumbnail name={name} state={state} />;
  return (
    <section aria-label="Screen">
      {body}
      {state.error === undefined ? null : (
        <Alert variant="warning" isInline isPlain title="No screenshot">
          {state.error.message}
        </Alert>
      )}
    </section>
  );
}
