import type { StreamKind } from '../../node/streaming/streaming-paths.ts';

/** A pod streaming request as the API server receives it. */
export interface PodStreamPath {
  readonly namespace: string;
  readonly name: string;
  readonly subresource: StreamKind;
  readonly query: URLSearchParams;
}

const pattern = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(log|exec|attach|portforward)\/?$/;

/**
 * Recognizes `/api/v1/namespaces/{ns}/pods/{name}/{log|exec|attach|portforward}?…` (for the API
 * server's 'upgrade' listener, which sees raw URLs); undefined for anything else.
 */
export function parsePodStreamPath(url: string): PodStreamPath | undefined {
  const q = url.indexOf('?');
  const match = pattern.exec(q < 0 ? url : url.slice(0, q));
  if (match === null) return undefined;
  try {
    return {
      namespace: decodeURIComponent(match[1] ?? ''),
      name: decodeURIComponent(match[2] ?? ''),
      subresource: (match[3] ?? 'log') as StreamKind,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    };
  } catch {
    return undefined;
  }
}
