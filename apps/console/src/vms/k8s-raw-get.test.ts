import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeError, onUnauthorized } from '../k8s/index.ts';
import { k8sRawGet } from './k8s-raw-get.ts';

function serve(answer: () => Promise<Response>) {
  const fetch = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>(answer);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const status = (code: number, message: string) =>
  new Response(JSON.stringify({ kind: 'Status', code, reason: 'Forbidden', message }), {
    status: code,
  });

describe('k8sRawGet', () => {
  it('GETs the path under the BFF prefix with the Accept header and resolves with the bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const fetch = serve(() =>
      Promise.resolve(new Response(png, { headers: { 'Content-Type': 'image/png' } })),
    );
    const response = await k8sRawGet('/apis/x/v1/things/a/png', { accept: 'image/png' });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png);
    expect(fetch).toHaveBeenCalledExactlyOnceWith('/api/kubernetes/apis/x/v1/things/a/png', {
      method: 'GET',
      headers: { Accept: 'image/png' },
      credentials: 'same-origin',
    });
  });

  it.each([
    [
      403,
      status(403, 'pods "p" is forbidden: User "bob" cannot get resource "pods/log"'),
      'pods "p" is forbidden: User "bob" cannot get resource "pods/log"',
    ],
    [
      400,
      new Response('container "x" is waiting to start', { status: 400 }),
      'container "x" is waiting to start',
    ],
    [502, new Response('', { status: 502 }), 'the server answered HTTP 502'],
  ])('rejects an HTTP %d with a KubeError in the server words', async (code, answer, message) => {
    serve(() => Promise.resolve(answer));
    const failure = k8sRawGet('/api/v1/x', { accept: 'text/plain' });
    await expect(failure).rejects.toBeInstanceOf(KubeError);
    await expect(failure).rejects.toMatchObject({ code, message });
  });

  it('tells the unauthorized listeners about a 401', async () => {
    serve(() => Promise.resolve(status(401, 'Unauthorized')));
    const heard = vi.fn();
    const stop = onUnauthorized(heard);
    await expect(k8sRawGet('/api/v1/x', { accept: 'text/plain' })).rejects.toMatchObject({
      code: 401,
    });
    stop();
    expect(heard).toHaveBeenCalledOnce();
  });

  it('rejects with a NetworkError when the console server cannot be reached', async () => {
    serve(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(k8sRawGet('/api/v1/x', { accept: 'text/plain' })).rejects.toMatchObject({
      code: 0,
      reason: 'NetworkError',
      message: 'the console server could not be reached: Failed to fetch',
    });
  });

  it('rethrows the abort error of an aborted request', async () => {
    const aborter = new AbortController();
    aborter.abort();
    serve(() => Promise.reject(new DOMException('aborted', 'AbortError')));
    await expect(
      k8sRawGet('/api/v1/x', { accept: 'text/plain', signal: aborter.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
