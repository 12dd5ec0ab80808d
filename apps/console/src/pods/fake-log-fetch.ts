// Test support: a stand-in for the BFF's `pods/{name}/log` answering `fetch`: each request is
// recorded with its URL and signal, and a test answers it with an error or a body it writes to
// chunk by chunk (as a followed log streams).
import { vi } from 'vitest';

/** One log request the page made, and the controls to answer it. */
export interface FakeLogRequest {
  readonly url: URL;
  readonly signal: AbortSignal;
  /** True once the reader cancelled the body (writes are then dropped). */
  readonly cancelled: boolean;
  /** Answers 200 with an open body. */
  open(): void;
  /** Writes a chunk of the body (opening it first if needed). */
  write(text: string): void;
  /** Ends the body. */
  end(): void;
  /** Answers with a Kubernetes Status error. */
  fail(code: number, message: string): void;
}

interface Pending {
  resolve(response: Response): void;
  reject(error: unknown): void;
}

function fakeRequest(url: string, init: RequestInit | undefined, pending: Pending): FakeLogRequest {
  const signal = init?.signal ?? new AbortController().signal;
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      cancelled = true;
    },
  });
  let opened = false;
  signal.addEventListener('abort', () => {
    pending.reject(new DOMException('The operation was aborted.', 'AbortError'));
  });
  const request: FakeLogRequest = {
    url: new URL(url, 'http://console.test'),
    signal,
    get cancelled() {
      return cancelled;
    },
    open: () => {
      if (!opened) pending.resolve(new Response(stream, { status: 200 }));
      opened = true;
    },
    write: (text) => {
      request.open();
      if (!cancelled) controller?.enqueue(encoder.encode(text));
    },
    end: () => {
      request.open();
      if (!cancelled) controller?.close();
    },
    fail: (code, message) => {
      const body = JSON.stringify({ kind: 'Status', status: 'Failure', code, message });
      pending.resolve(new Response(body, { status: code }));
    },
  };
  return request;
}

/** Installs the fake as the global `fetch`; `requests` lists every request, oldest first. */
export function installFakeLogFetch(): { readonly requests: FakeLogRequest[] } {
  const requests: FakeLogRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(
      (url: string, init?: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          requests.push(fakeRequest(url, init, { resolve, reject }));
        }),
    ),
  );
  return { requests };
}
