import { act, cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeStatusResponse, fakeVmK8s } from './fake-vm-k8s.ts';
import { vmiFixture } from './vm-fixtures.ts';
import { screenshotIntervalMs, VmScreenshot } from './VmScreenshot.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

const path =
  '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachineinstances/vm-s/vnc/screenshot';
const alt = "Screenshot of vm-s's screen";

let visibility: DocumentVisibilityState;
let made: number;
const createObjectURL = vi.fn<(blob: Blob) => string>(() => `blob:shot-${String((made += 1))}`);
const revokeObjectURL = vi.fn<(url: string) => void>();

function setVisibility(next: DocumentVisibilityState): void {
  visibility = next;
  document.dispatchEvent(new Event('visibilitychange'));
}

function png(): Response {
  return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), {
    headers: { 'Content-Type': 'image/png' },
  });
}

function screenshotRequests(): number {
  return fakeVmK8s.fetch.mock.calls.filter(([url]) => url.endsWith(path)).length;
}

function renderThumbnail(phase: 'Running' | 'Succeeded' | undefined) {
  const vmi = phase === undefined ? undefined : vmiFixture({ name: 'vm-s', phase });
  const router = createMemoryRouter(
    [{ path: '/vms/:namespace/:name', element: <VmScreenshot name="vm-s" vmi={vmi} /> }],
    { initialEntries: ['/vms/apps/vm-s'] },
  );
  return { router, ...render(<RouterProvider router={router} />) };
}

/** Lets pending timers (up to `ms`) and the answers they trigger run. */
async function elapse(ms: number): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  fakeVmK8s.reset();
  made = 0;
  createObjectURL.mockClear();
  revokeObjectURL.mockClear();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  Reflect.deleteProperty(document, 'visibilityState');
});

describe('VmScreenshot', () => {
  it('shows the running guest screen as an image that opens the VNC console', async () => {
    fakeVmK8s.serve(path, png);
    const { router } = renderThumbnail('Running');
    const image = await vi.waitFor(() => screen.getByRole('img', { name: alt }));
    expect(image.getAttribute('src')).toBe('blob:shot-1');
    expect(fakeVmK8s.fetch).toHaveBeenCalledWith(
      `/api/kubernetes${path}`,
      expect.objectContaining({ headers: { Accept: 'image/png' } }),
    );
    vi.useRealTimers();
    await userEvent.click(screen.getByRole('link', { name: alt }));
    expect(router.state.location.search).toBe('?tab=console&console=vnc');
  });

  it('refreshes the image after the interval, revoking the URL it replaces and the last on unmount', async () => {
    fakeVmK8s.serve(path, png);
    const { unmount } = renderThumbnail('Running');
    await vi.waitFor(() => screen.getByRole('img', { name: alt }));
    await elapse(screenshotIntervalMs);
    expect(screen.getByRole('img', { name: alt }).getAttribute('src')).toBe('blob:shot-2');
    expect(revokeObjectURL.mock.calls).toEqual([['blob:shot-1']]);
    unmount();
    expect(revokeObjectURL.mock.calls).toEqual([['blob:shot-1'], ['blob:shot-2']]);
  });

  it('asks for no screenshot while the browser tab is hidden, and one at once when it shows', async () => {
    fakeVmK8s.serve(path, png);
    visibility = 'hidden';
    renderThumbnail('Running');
    await elapse(3 * screenshotIntervalMs);
    expect(screenshotRequests()).toBe(0);
    act(() => {
      setVisibility('visible');
    });
    await vi.waitFor(() => screen.getByRole('img', { name: alt }));
    expect(screenshotRequests()).toBe(1);
    act(() => {
      setVisibility('hidden');
    });
    await elapse(3 * screenshotIntervalMs);
    expect(screenshotRequests()).toBe(1);
  });

  it.each([
    [403, 'virtualmachineinstances.subresources.kubevirt.io "vm-s" is forbidden'],
    [404, 'virtualmachineinstance.kubevirt.io "vm-s" not found'],
  ])('shows the refusal (%d) with the server message and stops asking', async (code, message) => {
    fakeVmK8s.serve(path, () => fakeStatusResponse(code, message));
    renderThumbnail('Running');
    await vi.waitFor(() => screen.getByText(message));
    await elapse(3 * screenshotIntervalMs);
    expect(screenshotRequests()).toBe(1);
    expect(screen.queryByRole('img', { name: alt })).toBeNull();
  });

  it('keeps the last image and retries after a passing failure', async () => {
    let fail = false;
    fakeVmK8s.serve(path, () => (fail ? fakeStatusResponse(503, 'handler unavailable') : png()));
    renderThumbnail('Running');
    await vi.waitFor(() => screen.getByRole('img', { name: alt }));
    fail = true;
    await elapse(screenshotIntervalMs);
    expect(screen.getByText('handler unavailable')).toBeDefined();
    expect(screen.getByRole('img', { name: alt }).getAttribute('src')).toBe('blob:shot-1');
    fail = false;
    await elapse(screenshotIntervalMs);
    expect(screen.getByRole('img', { name: alt }).getAttribute('src')).toBe('blob:shot-2');
    expect(screen.queryByText('handler unavailable')).toBeNull();
  });

  it('asks for nothing when the VMI has no graphics device', async () => {
    const vmi = vmiFixture({ name: 'vm-s' });
    vmi.spec.domain.devices.autoattachGraphicsDevice = false;
    render(
      <RouterProvider
        router={createMemoryRouter([
          { path: '/', element: <VmScreenshot name="vm-s" vmi={vmi} /> },
        ])}
      />,
    );
    expect(screen.getByText('This VM has no graphics device.')).toBeDefined();
    await elapse(2 * screenshotIntervalMs);
    expect(screenshotRequests()).toBe(0);
  });

  it.each([
    ['stopped', undefined],
    ['shut down', 'Succeeded'],
  ] as const)('shows a placeholder and asks for nothing while the VM is %s', async (_s, phase) => {
    renderThumbnail(phase);
    expect(screen.getByText('The screen is shown while the VM runs.')).toBeDefined();
    await elapse(2 * screenshotIntervalMs);
    expect(screenshotRequests()).toBe(0);
  });
});
