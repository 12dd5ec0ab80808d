import { Alert, HelperText, HelperTextItem, Skeleton } from '@patternfly/react-core';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { useDarkTheme } from './use-dark-theme.ts';
import type { YamlCodeView } from './yaml-code-view.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';

/** A controlled YAML editor. */
export interface YamlEditorProps {
  readonly value: string;
  /** Called with the whole text after each edit. */
  readonly onChange: (text: string) => void;
  /** Shown as lint markers and listed under the editor. */
  readonly diagnostics: readonly YamlDiagnostic[];
  readonly readOnly?: boolean;
  /** The accessible name of the editing area. */
  readonly ariaLabel: string;
}

interface Latest {
  value: string;
  onChange: (text: string) => void;
  ariaLabel: string;
  readOnly: boolean;
  dark: boolean;
}

function useCodeView(
  host: React.RefObject<HTMLDivElement | null>,
  latest: React.RefObject<Latest>,
  describedBy: string,
): [YamlCodeView | undefined, string | undefined] {
  const [view, setView] = useState<YamlCodeView>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    let created: YamlCodeView | undefined;
    import('./yaml-code-view.ts')
      .then(({ createYamlCodeView }) => {
        const parent = host.current;
        if (cancelled || parent === null) return;
        const now = latest.current;
        created = createYamlCodeView({
          parent,
          text: now.value,
          ariaLabel: now.ariaLabel,
          describedBy,
          readOnly: now.readOnly,
          dark: now.dark,
          onChange: (text) => {
            latest.current.onChange(text);
          },
        });
        setView(created);
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      created?.destroy();
    };
  }, [host, latest, describedBy]);
  return [view, failure];
}

function place(diagnostic: YamlDiagnostic): string {
  const column = diagnostic.column === undefined ? '' : `, column ${String(diagnostic.column)}`;
  return `Line ${String(diagnostic.line)}${column}`;
}

function DiagnosticList({
  diagnostics,
}: {
  readonly diagnostics: readonly YamlDiagnostic[];
}): ReactElement | null {
  if (diagnostics.length === 0) return null;
  return (
    <HelperText component="ul" aria-label="YAML problems" isLiveRegion>
      {diagnostics.map((diagnostic, index) => (
        <HelperTextItem
          key={`${String(index)}:${diagnostic.message}`}
          component="li"
          variant={diagnostic.severity}
          screenReaderText={diagnostic.severity}
        >
          {`${place(diagnostic)}: ${diagnostic.message}`}
        </HelperTextItem>
      ))}
    </HelperText>
  );
}

/**
 * A controlled CodeMirror 6 YAML editor (loaded on first render through a dynamic import):
 * line numbers, YAML highlighting, light or dark with the console's theme, `diagnostics` as lint
 * markers and as a list under the editor. Tab is left to the browser, so keyboard users can
 * leave the editor; Ctrl+] and Ctrl+[ indent and outdent (YAML forbids tab characters anyway).
 */
export function YamlEditor(props: YamlEditorProps): ReactElement {
  const { value, diagnostics, ariaLabel } = props;
  const readOnly = props.readOnly ?? false;
  const dark = useDarkTheme();
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef<Latest>({ value, onChange: props.onChange, ariaLabel, readOnly, dark });
  useLayoutEffect(() => {
    latest.current = { value, onChange: props.onChange, ariaLabel, readOnly, dark };
  });
  const hintId = useId();
  const [view, failure] = useCodeView(host, latest, hintId);
  useEffect(() => view?.setText(value), [view, value]);
  useEffect(() => view?.setDiagnostics(diagnostics), [view, diagnostics]);
  useEffect(() => view?.setReadOnly(readOnly), [view, readOnly]);
  useEffect(() => view?.setDark(dark), [view, dark]);
  useEffect(() => view?.setAriaLabel(ariaLabel), [view, ariaLabel]);
  return (
    <div className="podvisor-yaml-editor">
      {failure !== undefined && (
        <Alert variant="danger" isInline title="The YAML editor could not be loaded">
          {failure}
        </Alert>
      )}
      {view === undefined && failure === undefined && (
        <Skeleton height="20rem" screenreaderText="Loading the YAML editor" />
      )}
      <div ref={host} />
      <HelperText id={hintId}>
        <HelperTextItem>
          {readOnly
            ? 'Read only.'
            : 'Tab leaves the editor; Ctrl+] and Ctrl+[ indent and outdent the selected lines.'}
        </HelperTextItem>
      </HelperText>
      <DiagnosticList diagnostics={diagnostics} />
    </div>
  );
}
