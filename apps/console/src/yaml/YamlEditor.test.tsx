import { EditorView } from '@codemirror/view';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState, type ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { darkThemeClass } from '../app/theme.ts';
import { findEditorView, replaceEditorText, stubBrowserForCodeMirror } from './codemirror-jsdom.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';
import { YamlEditor } from './YamlEditor.tsx';

beforeEach(() => {
  stubBrowserForCodeMirror();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  document.documentElement.classList.remove(darkThemeClass);
});

const label = 'Pod YAML';

function Controlled(props: {
  readonly initial: string;
  readonly diagnostics?: readonly YamlDiagnostic[];
  readonly readOnly?: boolean;
  readonly onChange?: (text: string) => void;
}): ReactElement {
  const [text, setText] = useState(props.initial);
  return (
    <>
      <YamlEditor
        value={text}
        onChange={(next) => {
          setText(next);
          props.onChange?.(next);
        }}
        diagnostics={props.diagnostics ?? []}
        readOnly={props.readOnly ?? false}
        ariaLabel={label}
      />
      <output aria-label="current text">{text}</output>
      <button
        type="button"
        onClick={() => {
          setText('replaced: true\n');
        }}
      >
        replace
      </button>
    </>
  );
}

describe('YamlEditor', () => {
  it('shows the value in a labelled, multi-line text area with line numbers', async () => {
    render(<Controlled initial={'a: 1\nb: 2\n'} />);
    const view = await findEditorView(label);
    expect(view.state.doc.toString()).toBe('a: 1\nb: 2\n');
    expect(screen.getByRole('textbox', { name: label }).getAttribute('aria-multiline')).toBe(
      'true',
    );
    expect(document.querySelector('.cm-lineNumbers')).not.toBeNull();
  });

  it('reports edits through onChange, and follows a new value without reporting it', async () => {
    const onChange = vi.fn();
    render(<Controlled initial={'a: 1\n'} onChange={onChange} />);
    await replaceEditorText(label, 'a: 2\n');
    expect(onChange).toHaveBeenCalledWith('a: 2\n');
    expect(screen.getByRole('status', { name: 'current text' }).textContent).toBe('a: 2\n');
    await userEvent.click(screen.getByRole('button', { name: 'replace' }));
    const view = await findEditorView(label);
    await waitFor(() => {
      expect(view.state.doc.toString()).toBe('replaced: true\n');
    });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('lists the diagnostics under the editor with their lines, and marks them in the text', async () => {
    render(
      <Controlled
        initial={'a: 1\nb: [\n'}
        diagnostics={[
          { line: 2, column: 4, message: 'Flow sequence lacks a closing ]', severity: 'error' },
          { line: 1, message: 'looks odd', severity: 'warning' },
        ]}
      />,
    );
    const list = screen.getByRole('list', { name: 'YAML problems' });
    const items = [...list.querySelectorAll('li')].map((item) => item.textContent);
    expect(items).toEqual([
      expect.stringContaining('Line 2, column 4: Flow sequence lacks a closing ]'),
      expect.stringContaining('Line 1: looks odd'),
    ]);
    await findEditorView(label);
    await waitFor(() => {
      expect(document.querySelector('.cm-lintRange-error')).not.toBeNull();
    });
    expect(document.querySelector('.cm-lintRange-warning')).not.toBeNull();
  });

  it('refuses edits when read only', async () => {
    render(<Controlled initial={'a: 1\n'} readOnly />);
    const view = await findEditorView(label);
    expect(view.state.readOnly).toBe(true);
    expect(screen.getByRole('textbox', { name: label }).getAttribute('contenteditable')).toBe(
      'false',
    );
  });

  it('switches to the dark editor theme with the console', async () => {
    render(<Controlled initial={'a: 1\n'} />);
    const view = await findEditorView(label);
    expect(view.state.facet(EditorView.darkTheme)).toBe(false);
    document.documentElement.classList.add(darkThemeClass);
    await waitFor(() => {
      expect(view.state.facet(EditorView.darkTheme)).toBe(true);
    });
  });
});
