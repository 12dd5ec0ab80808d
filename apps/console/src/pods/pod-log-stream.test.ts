import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../k8s/kube-error.ts';
import { installFakeLogFetch } from './fake-log-fetch.ts';
import { podLogUrl, readPodLog } from './pod-log-stream.ts';

const target = { namespace: 'apps', name: 'web-1', container: 'c', follow: true, previous: false };

afterEach(() => {
  vi.unstubAllGlobals();
});

async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(() => {
    expect(check()).toBe(true);
  });
}

describe('podLogUrl', () => {
  it.each([
    [
      { follow: true, previous: false },
      '/api/kubernetes/api/v1/namespaces/apps/pods/web-1/log?container=c&tailLines=1000&timestamps=false&follow=true',
    ],
    [
      { follow: false, previous: true },
      '/api/kubernetes/api/v1/namespaces/apps/pods/web-1/log?container=c&tailLines=1000&timestamps=false&previous=true',
    ],
  ])('asks the BFF for the log with %o', (options, url) => {
    expect(podLogUrl({ ...target, ...options })).toBe(url);
  });
});

describe('readPodLog', () => {
  it('hands over whole lines as they arrive, joining lines split across chunks', async () => {
    const fake = installFakeLogFetch();
    const batches: (readonly string[])[] = [];
    const done = readPodLog(target, {
      signal: new AbortController().signal,
      onLines: (lines) => batches.push(lines),
    });
    await until(() => fake.requests.length === 1);
    const request = fake.requests[0];
    request?.write('one\ntw');
    await until(() => batches.length === 1);
    expect(batches).toEqual([['one']]);
    request?.write('o\r\nthree\nfour');
    request?.end();
    await done;
    expect(batches).toEqual([['one'], ['two', 'three'], ['four']]);
  });

  it("rejects with the server's message when the container has not started", async () => {
    const fake = installFakeLogFetch();
    const done = readPodLog(target, { signal: new AbortController().signal, onLines: vi.fn() });
    await until(() => fake.requests.length === 1);
    const message = 'container "c" in pod "web-1" is waiting to start: ContainerCreating';
    fake.requests[0]?.fail(400, message);
    const error = await done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).code).toBe(400);
    expect((error as KubeError).message).toBe(message);
  });

  it('stops reading and resolves when aborted mid-stream', async () => {
    const fake = installFakeLogFetch();
    const abort = new AbortController();
    const onLines = vi.fn();
    const done = readPodLog(target, { signal: abort.signal, onLines });
    await until(() => fake.requests.length === 1);
    fake.requests[0]?.write('first\n');
    await until(() => onLines.mock.calls.length === 1);
    abort.abort();
    await done;
    expect(fake.requests[0]?.cancelled).toBe(true);
    fake.requests[0]?.write('late\n');
    expect(onLines).toHaveBeenCalledTimes(1);
  });

  it('resolves quietly when aborted before the server answers', async () => {
    const fake = installFakeLogFetch();
    const abort = new AbortController();
    const done = readPodLog(target, { signal: abort.signal, onLines: vi.fn() });
    await until(() => fake.requests.length === 1);
    abort.abort();
    await expect(done).resolves.toBeUndefined();
  });
});
