// The CodeMirror side of YamlEditor. Everything heavy is imported here, and YamlEditor reaches
// this module only through a dynamic import(), so CodeMirror stays out of the first page's bundle.
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { Annotation, Compartment, EditorState, type Extension, type Text } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';

/** What the editor view starts with. */
export interface YamlCodeViewOptions {
  readonly parent: HTMLElement;
  readonly text: string;
  readonly ariaLabel: string;
  /** The id of the element that explains the keyboard use (`aria-describedby`). */
  readonly describedBy: string;
  readonly readOnly: boolean;
  readonly dark: boolean;
  /** Called with the whole text after every edit the user makes (not after setText). */
  readonly onChange: (text: string) => void;
}

/** A mounted YAML editor view, driven by its React wrapper. */
export interface YamlCodeView {
  readonly view: EditorView;
  setText(text: string): void;
  setDiagnostics(diagnostics: readonly YamlDiagnostic[]): void;
  setReadOnly(readOnly: boolean): void;
  setDark(dark: boolean): void;
  setAriaLabel(ariaLabel: string): void;
  destroy(): void;
}

/** Marks the changes that come from the `value` prop, which are not reported back as edits. */
const fromValue = Annotation.define<boolean>();

const pf = (token: string): string => `var(--pf-t--global--${token})`;

// Colours from PatternFly's tokens, so the editor follows the console's light or dark theme.
const baseTheme = EditorView.theme({
  '&': {
    color: pf('text--color--regular'),
    backgroundColor: pf('background--color--primary--default'),
    border: `1px solid ${pf('border--color--default')}`,
    minHeight: '20rem',
  },
  '&.cm-focused': { outline: `2px solid ${pf('border--color--clicked')}` },
  '.cm-content': { fontFamily: pf('font--family--mono'), caretColor: pf('text--color--regular') },
  '.cm-scroller': { fontFamily: pf('font--family--mono') },
  '.cm-gutters': {
    color: pf('text--color--subtle'),
    backgroundColor: pf('background--color--secondary--default'),
    borderRight: `1px solid ${pf('border--color--default')}`,
  },
});

// The default highlight style is made for light backgrounds; on a dark one its token colours are
// inverted in lightness (the hue kept), until a dark HighlightStyle can be used (that needs
// @codemirror/language as a direct dependency of the console).
const darkTheme = EditorView.theme(
  { '.cm-line span:not([class*="cm-"])': { filter: 'invert(1) hue-rotate(180deg)' } },
  { dark: true },
);

function themeOf(dark: boolean): Extension {
  return dark ? [baseTheme, darkTheme] : baseTheme;
}

function readOnlyOf(readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    // The content is the one tab stop, read-only or not, so the scrolling region is always
    // reachable from the keyboard (axe: scrollable-region-focusable; axe does not count
    // `contenteditable` alone as focusable).
    EditorView.contentAttributes.of({ tabindex: '0' }),
  ];
}

function labelOf(ariaLabel: string, describedBy: string): Extension {
  return EditorView.contentAttributes.of({
    'aria-label': ariaLabel,
    'aria-describedby': describedBy,
  });
}

/** A diagnostic's document range: from its column (or the line start) to the line's end. */
export function diagnosticRange(
  doc: Text,
  diagnostic: YamlDiagnostic,
): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(diagnostic.line, 1), doc.lines));
  const column = Math.max((diagnostic.column ?? 1) - 1, 0);
  const from = Math.min(line.from + column, line.to);
  return { from, to: Math.max(line.to, from) };
}

function toCodeMirror(doc: Text, diagnostics: readonly YamlDiagnostic[]): Diagnostic[] {
  return diagnostics.map((diagnostic) => ({
    ...diagnosticRange(doc, diagnostic),
    severity: diagnostic.severity,
    message: diagnostic.message,
  }));
}

/**
 * Mounts a CodeMirror 6 YAML editor in `parent`: line numbers, YAML highlighting, lint markers
 * and gutter, PatternFly colours. Tab is not captured (it moves focus on, as for any field);
 * indent with Ctrl+] / Ctrl+[ (Enter keeps the indentation).
 */
export function createYamlCodeView(options: YamlCodeViewOptions): YamlCodeView {
  const theme = new Compartment();
  const editable = new Compartment();
  const label = new Compartment();
  let lastDiagnostics: readonly YamlDiagnostic[] = [];
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        theme.of(themeOf(options.dark)),
        editable.of(readOnlyOf(options.readOnly)),
        label.of(labelOf(options.ariaLabel, options.describedBy)),
        EditorView.updateListener.of((update) => {
          const fromProps = update.transactions.some((tr) => tr.annotation(fromValue) === true);
          if (update.docChanged && !fromProps) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  const reconfigure = (compartment: Compartment, extension: Extension): void => {
    view.dispatch({ effects: compartment.reconfigure(extension) });
  };
  const showDiagnostics = (diagnostics: readonly YamlDiagnostic[]): void => {
    lastDiagnostics = diagnostics;
    view.dispatch(setDiagnostics(view.state, toCodeMirror(view.state.doc, diagnostics)));
  };
  return {
    view,
    setText: (text) => {
      if (text === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        annotations: fromValue.of(true),
      });
      showDiagnostics(lastDiagnostics);
    },
    setDiagnostics: showDiagnostics,
    setReadOnly: (readOnly) => {
      reconfigure(editable, readOnlyOf(readOnly));
    },
    setDark: (dark) => {
      reconfigure(theme, themeOf(dark));
    },
    setAriaLabel: (ariaLabel) => {
      reconfigure(label, labelOf(ariaLabel, options.describedBy));
    },
    destroy: () => {
      view.destroy();
    },
  };
}
