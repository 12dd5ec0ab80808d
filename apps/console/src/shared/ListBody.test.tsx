import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeError } from '../k8s/kube-error.ts';
import { ListBody } from './ListBody.tsx';
import { listCountText } from './ListToolbar.tsx';

afterEach(cleanup);

describe('ListBody', () => {
  it.each([
    [403, 'You may not list nodes'],
    [500, 'Could not load nodes'],
  ])('shows a %i error with its message under "%s"', (code, title) => {
    const error = new KubeError({ code, reason: 'Whatever', message: 'the server says no' });
    render(
      <ListBody what="nodes" loaded error={error}>
        <p>table</p>
      </ListBody>,
    );
    expect(screen.getByText(title)).toBeDefined();
    expect(screen.getByText('the server says no')).toBeDefined();
    expect(screen.queryByText('table')).toBeNull();
  });

  it('shows a skeleton while loading', () => {
    render(
      <ListBody what="nodes" loaded={false} error={undefined}>
        <p>table</p>
      </ListBody>,
    );
    expect(screen.getByText('Loading nodes')).toBeDefined();
    expect(screen.queryByText('table')).toBeNull();
  });

  it('shows the empty state instead of the table, else the table', () => {
    const { rerender } = render(
      <ListBody
        what="nodes"
        loaded
        error={undefined}
        empty={{ title: 'No nodes', body: 'Add one.' }}
      >
        <p>table</p>
      </ListBody>,
    );
    expect(screen.getByRole('heading', { name: 'No nodes' })).toBeDefined();
    expect(screen.getByText('Add one.')).toBeDefined();
    rerender(
      <ListBody what="nodes" loaded error={undefined}>
        <p>table</p>
      </ListBody>,
    );
    expect(screen.getByText('table')).toBeDefined();
  });
});

describe('listCountText', () => {
  it.each([
    [3, 3, '3 nodes'],
    [1, 3, '1 of 3 nodes'],
  ])('counts %i shown of %i as "%s"', (shown, total, text) => {
    expect(listCountText(shown, total, 'nodes')).toBe(text);
  });
});
