import { act, cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, describe, expect, it } from 'vitest';
import { UrlTabs } from './UrlTabs.tsx';

const tabs = [
  { key: 'overview', title: 'Overview' },
  { key: 'events', title: 'Events' },
] as const;

function Page() {
  return (
    <UrlTabs
      tabs={tabs}
      fallback="overview"
      label="Thing details"
      render={(tab) => <p>{`content of ${tab}`}</p>}
    />
  );
}

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/thing', element: <Page /> }], {
    initialEntries: [url],
  });
  render(<RouterProvider router={router} />);
  return router;
}

afterEach(cleanup);

describe('UrlTabs', () => {
  it.each([
    ['/thing', 'overview'],
    ['/thing?tab=events', 'events'],
    ['/thing?tab=nonsense', 'overview'],
  ])('opens %s on the %s tab', (url, tab) => {
    renderAt(url);
    expect(screen.getByText(`content of ${tab}`)).toBeDefined();
    expect(screen.getAllByText(/^content of/)).toHaveLength(1);
  });

  it('keeps the chosen tab in ?tab= beside the other parameters, and drops it for the default', async () => {
    const user = userEvent.setup();
    const router = renderAt('/thing?ns=apps');
    await user.click(screen.getByRole('tab', { name: 'Events' }));
    expect(router.state.location.search).toBe('?ns=apps&tab=events');
    expect(screen.getByText('content of events')).toBeDefined();
    await user.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(router.state.location.search).toBe('?ns=apps');
    await act(() => router.navigate(-1));
    expect(screen.getByText('content of events')).toBeDefined();
  });
});
