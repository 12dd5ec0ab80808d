import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type DataColumn, DataTable } from './DataTable.tsx';
import type { TableSortState } from './use-table-sort.ts';

interface Row {
  readonly name: string;
  readonly size: number;
}

const rows: readonly Row[] = [
  { name: 'a', size: 1 },
  { name: 'b', size: 2 },
];

const columns: readonly DataColumn<Row, 'name'>[] = [
  { title: 'Name', sortBy: 'name', cell: (row) => row.name },
  { title: 'Size', cell: (row) => `${String(row.size)} GiB` },
];

function sortingSpy(onSort: (column: 'name') => void): TableSortState<'name'> {
  return {
    sort: { column: 'name', direction: 'asc' },
    thSort: (column) => ({
      columnIndex: 0,
      sortBy: { index: 0, direction: 'asc' },
      onSort: () => {
        onSort(column);
      },
    }),
  };
}

afterEach(cleanup);

describe('DataTable', () => {
  it('shows a named table with a header per column and a cell per row and column', () => {
    render(<DataTable label="Disks" columns={columns} rows={rows} rowKey={(row) => row.name} />);
    const table = screen.getByRole('grid', { name: 'Disks' });
    const [header, ...body] = within(table).getAllByRole('row');
    expect(
      within(header as HTMLElement)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Size']);
    expect(
      body.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((td) => td.textContent),
      ),
    ).toEqual([
      ['a', '1 GiB'],
      ['b', '2 GiB'],
    ]);
  });

  it('sorts by the columns that name a sort column, when given a sorting', async () => {
    const onSort = vi.fn();
    render(
      <DataTable
        label="Disks"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.name}
        sorting={sortingSpy(onSort)}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Size' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Name' }));
    expect(onSort).toHaveBeenCalledWith('name');
  });

  it('adds an action cell per row under a header announced as Actions', () => {
    render(
      <DataTable
        label="Disks"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.name}
        actions={(row) => <button type="button">{`Act on ${row.name}`}</button>}
      />,
    );
    expect(screen.getByRole('columnheader', { name: 'Actions' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Act on b' })).toBeDefined();
  });
});
