// Test support: the text of a table's body, read the way a user sees it.
import { screen, within } from '@testing-library/react';

/** The text of each cell of each body row of the table (grid) named `name`. */
export function tableRowTexts(name: string): string[][] {
  return within(screen.getByRole('grid', { name }))
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}

/** The text of column `index` in each body row of the table (grid) named `name`. */
export function tableColumnTexts(name: string, index: number): (string | undefined)[] {
  return tableRowTexts(name).map((cells) => cells[index]);
}
