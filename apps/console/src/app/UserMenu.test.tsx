import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeK8s } from './fake-k8s.ts';
import { UserMenu } from './UserMenu.tsx';

vi.mock('../k8s/index.ts', async () => (await import('./fake-k8s.ts')).fakeK8sModule);

beforeEach(() => {
  fakeK8s.reset();
});
afterEach(cleanup);

describe('UserMenu', () => {
  it('shows the username and signs out from its menu', async () => {
    render(<UserMenu />);
    await userEvent.click(screen.getByRole('button', { name: 'alice' }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'Sign out' }));
    expect(fakeK8s.signOut).toHaveBeenCalledTimes(1);
  });

  it('shows a placeholder while the user loads', () => {
    fakeK8s.user = { loading: true };
    render(<UserMenu />);
    expect(screen.getByText('Loading user')).toBeDefined();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
