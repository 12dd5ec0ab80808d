import { kubernetesApiPrefix } from '../k8s/k8s-fetch.ts';
import { KubeError, kubeErrorFromBody } from '../k8s/kube-error.ts';
import { notifyUnauthorized } from '../k8s/on-unauthorized.ts';

/** Which log to read: one container of one pod. */
export interface PodLogTarget {
  readonly namespace: string;
  readonly name: string;
  readonly container: string;
  /** Keep the response open and stream lines as the container writes them. */
  readonly follow: boolean;
  /** The log of the container's previous run (after a restart). */
  readonly previous: boolean;
}

/** How many lines of history a log view asks for. */
export const podLogTailLines = 1000;

/** Sends the request; `fetch` by default (same-origin cookies). */
export type PodLogFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What {@link readPodLog} needs besides the target. */
export interface ReadPodLogOptions {
  readonly signal: AbortSignal;
  /** Called with each batch of complete lines, in order (the last partial line at the end). */
  readonly onLines: (lines: readonly string[]) => void;
  /** Called once the server has accepted the request (before any line). */
  readonly onOpen?: () => void;
  readonly fetch?: PodLogFetch;
}

/** The BFF URL of a container's log (`pods/{name}/log`), with the query kubectl's `logs` sends. */
export function podLogUrl(target: PodLogTarget): string {
  const query = new URLSearchParams({
    container: target.container,
    tailLines: String(podLogTailLines),
    timestamps: 'false',
  });
  if (target.follow) query.set('follow', 'true');
  if (target.previous) query.set('previous', 'true');
  const namespace = encodeURIComponent(target.namespace);
  const name = encodeURIComponent(target.name);
  return `${kubernetesApiPrefix}/api/v1/namespaces/${namespace}/pods/${name}/log?${query.toString()}`;
}

const browserFetch: PodLogFetch = (url, init) =>
  fetch(url, { ...init, credentials: 'same-origin' });

async function open(url: string, options: ReadPodLogOptions): Promise<Response> {
  try {
    return await (options.fetch ?? browserFetch)(url, {
      method: 'GET',
      headers: { Accept: 'text/plain, */*' },
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new KubeError({
      code: 0,
      reason: 'NetworkError',
      message: `the console server could not be reached: ${detail}`,
    });
  }
}

/** Splits decoded text into lines, keeping the unfinished last line for the next chunk. */
class LineSplitter {
  #decoder = new TextDecoder();
  #partial = '';

  push(chunk: Uint8Array): string[] {
    const text = this.#partial + this.#decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.#partial = lines.pop() ?? '';
    return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }

  end(): string[] {
    const rest = this.#partial + this.#decoder.decode();
    this.#partial = '';
    return rest === '' ? [] : [rest];
  }
}

/**
 * Reads a container's log through the BFF with `fetch` and a stream reader, handing each batch of
 * lines to `onLines` as it arrives (with `follow`, until the container stops or `signal` aborts).
 * Resolves when the log ends or is aborted; a non-2xx answer rejects with a {@link KubeError} in
 * the API server's words (a container that has not started: 400 with its message).
 */
export async function readPodLog(target: PodLogTarget, options: ReadPodLogOptions): Promise<void> {
  let response: Response;
  try {
    response = await open(podLogUrl(target), options);
  } catch (error) {
    if (options.signal.aborted) return;
    throw error;
  }
  if (!response.ok) {
    const error = kubeErrorFromBody(response.status, await response.text());
    if (response.status === 401) notifyUnauthorized(error);
    throw error;
  }
  options.onOpen?.();
  if (response.body === null) return;
  await pump(response.body.getReader(), options);
}

async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  options: ReadPodLogOptions,
): Promise<void> {
  const splitter = new LineSplitter();
  const cancel = (): void => {
    void reader.cancel().catch(() => undefined);
  };
  options.signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (options.signal.aborted) return;
      if (done) break;
      const lines = splitter.push(value);
      if (lines.length > 0) options.onLines(lines);
    }
    const rest = splitter.end();
    if (rest.length > 0) options.onLines(rest);
  } catch (error) {
    if (options.signal.aborted) return;
    throw error;
  } finally {
    options.signal.removeEventListener('abort', cancel);
  }
}
