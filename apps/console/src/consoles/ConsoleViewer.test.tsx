import { act, cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter, useParams } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsolePopoutPage } from './ConsolePopoutPage.tsx';
import { ConsoleViewer } from './ConsoleViewer.tsx';
import { fakeVnc, RecordedVncSocket, resetFakeVnc } from './fake-vnc.ts';
import { stubBrowserForXterm } from './xterm-jsdom.ts';

vi.mock('./load-rfb.ts', async () => (await import('./fake-vnc.ts')).fakeLoadRfbModule);
// spice-html5 needs a real browser; its viewer has its own tests.
vi.mock('./spice/SpiceConsole.tsx', () => ({
  SpiceConsole: (props: { namespace: string; name: string }) => (
    <p>{`SPICE viewer for ${props.namespace}/${props.name}`}</p>
  ),
}));

beforeEach(() => {
  stubBrowserForXterm();
  resetFakeVnc();
  vi.stubGlobal('WebSocket', RecordedVncSocket);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function ConsoleTab(): ReactElement {
  const { namespace = '', name = '' } = useParams();
  return <ConsoleViewer namespace={namespace} name={name} />;
}

function renderAt(url: string): ReturnType<typeof createMemoryRouter> {
  const router = createMemoryRouter(
    [
      { path: '/vms/:namespace/:name', element: <ConsoleTab /> },
      { path: '/vms/:namespace/:name/console', element: <ConsolePopoutPage /> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

function selected(): string[] {
  return screen.getAllByRole('button', { pressed: true }).map((button) => button.textContent);
}

describe('ConsoleViewer', () => {
  it('shows the serial console by default', async () => {
    renderAt('/vms/lab/fedora?tab=console');
    expect(await screen.findByTestId('serial-terminal')).toBeDefined();
    expect(selected()).toEqual(['Serial']);
    expect(fakeVnc.socket().url).toMatch(/\/api\/consoles\/lab\/fedora\/serial$/);
  });

  it('switches to VNC, keeping the choice and the other parameters in the URL', async () => {
    const user = userEvent.setup();
    const router = renderAt('/vms/lab/fedora?tab=console');
    const serialSocket = await vi.waitFor(() => fakeVnc.socket());
    await user.click(screen.getByRole('button', { name: 'VNC' }));
    expect(await screen.findByRole('region', { name: 'VNC console' })).toBeDefined();
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('console')).toBe('vnc');
    expect(params.get('tab')).toBe('console');
    expect(selected()).toEqual(['VNC']);
    expect(serialSocket.closedWith?.code).toBe(1000);
    await vi.waitFor(() => {
      expect(fakeVnc.socket().url).toMatch(/\/api\/consoles\/lab\/fedora\/vnc$/);
    });
  });

  it('opens the console the URL names', async () => {
    renderAt('/vms/lab/fedora?tab=console&console=spice');
    expect(await screen.findByText('SPICE viewer for lab/fedora')).toBeDefined();
    expect(selected()).toEqual(['SPICE']);
  });

  it('drops the parameter when switching back to serial', async () => {
    const user = userEvent.setup();
    const router = renderAt('/vms/lab/fedora?tab=console&console=spice');
    await screen.findByText('SPICE viewer for lab/fedora');
    await user.click(screen.getByRole('button', { name: 'Serial' }));
    expect(router.state.location.search).toBe('?tab=console');
  });

  it('links the same console in a new window', async () => {
    renderAt('/vms/lab/fedora?tab=console&console=vnc');
    const link = await screen.findByRole('link', { name: 'Open in new window' });
    expect(link.getAttribute('href')).toBe('/vms/lab/fedora/console?console=vnc');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});

describe('ConsolePopoutPage', () => {
  it('fills the window with the VM’s console, without the pop-out link', async () => {
    renderAt('/vms/lab/fedora/console?console=vnc');
    expect(screen.getByRole('heading', { name: 'fedora (lab)' })).toBeDefined();
    expect(await screen.findByRole('region', { name: 'VNC console' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Open in new window' })).toBeNull();
    await act(async () => {
      await Promise.resolve();
    });
    expect(fakeVnc.socket().url).toMatch(/\/api\/consoles\/lab\/fedora\/vnc$/);
  });
});
