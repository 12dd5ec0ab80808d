// Test support: what CodeMirror 6 needs from a browser that jsdom lacks, and a way to edit the
// editor's text the way a transaction from typing would.
import { EditorView } from '@codemirror/view';
import { act, screen, waitFor } from '@testing-library/react';
import { vi } from 'vitest';

function noRects(): DOMRectList {
  // jsdom's elements have no layout: their (empty) rect list is what a Range should answer.
  return document.createElement('span').getClientRects();
}

/**
 * Stubs the layout APIs CodeMirror measures with (`Range.getClientRects` and
 * `Range.getBoundingClientRect`). Undo with `vi.restoreAllMocks()`.
 */
export function stubBrowserForCodeMirror(): void {
  if (!('getClientRects' in Range.prototype))
    Object.defineProperty(Range.prototype, 'getClientRects', {
      configurable: true,
      value: noRects,
    });
  if (!('getBoundingClientRect' in Range.prototype))
    Object.defineProperty(Range.prototype, 'getBoundingClientRect', {
      configurable: true,
      value: () => new DOMRect(),
    });
  vi.spyOn(Range.prototype, 'getClientRects').mockImplementation(noRects);
  vi.spyOn(Range.prototype, 'getBoundingClientRect').mockImplementation(() => new DOMRect());
}

/** The CodeMirror view behind the editing area named `name`, once it is loaded. */
export async function findEditorView(name: string): Promise<EditorView> {
  const content = await screen.findByRole('textbox', { name });
  const view = EditorView.findFromDOM(content);
  if (view === null) throw new Error(`no CodeMirror view for ${name}`);
  return view;
}

/** Replaces the whole text of the editor named `name`, as a user edit. */
export async function replaceEditorText(name: string, text: string): Promise<void> {
  const view = await findEditorView(name);
  act(() => {
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      userEvent: 'input.paste',
    });
  });
}

/** The current text of the editor named `name`, once it equals `expected` (for polling). */
export async function expectEditorText(name: string, expected: string): Promise<void> {
  const view = await findEditorView(name);
  await waitFor(() => {
    if (view.state.doc.toString() !== expected)
      throw new Error(`editor text is ${JSON.stringify(view.state.doc.toString())}`);
  });
}
