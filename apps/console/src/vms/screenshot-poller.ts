import { KubeError } from '../k8s/index.ts';
import { k8sRawGet } from './k8s-raw-get.ts';

/** What the thumbnail shows: the latest screenshot's object URL and the last refusal. */
export interface ScreenshotState {
  readonly url: string | undefined;
  readonly error: KubeError | undefined;
}

/** What a poller needs. */
export interface ScreenshotPollerOptions {
  readonly namespace: string;
  readonly name: string;
  /** The pause between the end of one screenshot and the next request. */
  readonly intervalMs: number;
  readonly onChange: (state: ScreenshotState) => void;
}

/** A running poller: `stop` ends it and revokes the object URL it made. */
export interface ScreenshotPoller {
  readonly stop: () => void;
}

/** The VMI's `vnc/screenshot` subresource path. */
export function screenshotPath(namespace: string, name: string): string {
  const ns = encodeURIComponent(namespace);
  return `/apis/subresources.kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances/${encodeURIComponent(name)}/vnc/screenshot`;
}

/** Refusals that will not change by asking again: stop polling. */
function isFinal(error: KubeError): boolean {
  return error.code === 403 || error.code === 404;
}

function asKubeError(error: unknown): KubeError {
  if (error instanceof KubeError) return error;
  return new KubeError({
    code: 0,
    reason: 'Unknown',
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * Fetches the VMI's screen as PNG now and again `intervalMs` after each answer, only while the
 * document is visible (hidden: it pauses; visible again: it fetches at once). Each new image
 * becomes an object URL and the previous one is revoked. A 403 or 404 clears the image and stops
 * the polling; other errors keep the last image and retry.
 */
export function startScreenshotPoller(options: ScreenshotPollerOptions): ScreenshotPoller {
  const path = screenshotPath(options.namespace, options.name);
  const aborter = new AbortController();
  let state: ScreenshotState = { url: undefined, error: undefined };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let finished = false;

  const publish = (next: ScreenshotState): void => {
    if (state.url !== undefined && state.url !== next.url) URL.revokeObjectURL(state.url);
    state = next;
    options.onChange(next);
  };
  const schedule = (): void => {
    if (!finished && document.visibilityState === 'visible')
      timer = setTimeout(() => void fetchOnce(), options.intervalMs);
  };
  const fetchOnce = async (): Promise<void> => {
    timer = undefined;
    inFlight = true;
    try {
      const response = await k8sRawGet(path, { accept: 'image/png', signal: aborter.signal });
      const blob = await response.blob();
      if (finished) return;
      publish({ url: URL.createObjectURL(blob), error: undefined });
    } catch (error) {
      if (finished) return;
      const refusal = asKubeError(error);
      finished = isFinal(refusal);
      publish({ url: finished ? undefined : state.url, error: refusal });
    } finally {
      inFlight = false;
    }
    schedule();
  };
  const onVisibility = (): void => {
    if (document.visibilityState !== 'visible') {
      clearTimeout(timer);
      timer = undefined;
    } else if (!finished && !inFlight && timer === undefined) void fetchOnce();
  };

  document.addEventListener('visibilitychange', onVisibility);
  if (document.visibilityState === 'visible') void fetchOnce();
  return {
    stop: () => {
      finished = true;
      aborter.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      if (state.url !== undefined) URL.revokeObjectURL(state.url);
      state = { url: undefined, error: undefined };
    },
  };
}
