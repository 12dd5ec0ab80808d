import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, Outlet } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describePageError, PageErrorBoundary } from './PageErrorBoundary.tsx';

afterEach(cleanup);

function Broken(): never {
  throw new Error('cannot read the VM list: status is undefined');
}

describe('PageErrorBoundary', () => {
  it("shows a page's error readably while the rest of the layout stays", () => {
    // React reports the caught error on the console; keep the test output clean.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const router = createMemoryRouter(
      [
        {
          path: '/',
          element: (
            <div>
              <p>layout</p>
              <Outlet />
            </div>
          ),
          children: [{ path: 'broken', element: <Broken />, errorElement: <PageErrorBoundary /> }],
        },
      ],
      { initialEntries: ['/broken'] },
    );
    render(<RouterProvider router={router} />);
    expect(screen.getByText('layout')).toBeDefined();
    expect(screen.getByText('This page failed')).toBeDefined();
    expect(screen.getByText('cannot read the VM list: status is undefined')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toBeDefined();
    consoleError.mockRestore();
  });

  it.each([
    [new Error('boom'), { title: 'This page failed', message: 'boom' }],
    ['plain text', { title: 'This page failed', message: 'plain text' }],
    [42, { title: 'This page failed', message: 'Unknown error' }],
  ])('describes %j', (error, expected) => {
    expect(describePageError(error)).toEqual(expected);
  });
});
