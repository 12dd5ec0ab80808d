import type { ReactElement } from 'react';
import { YamlEditor } from '../yaml/index.ts';
import type { YamlDiagnostic } from './parse-vm-yaml.ts';

/** The props of the Create page's YAML pane. */
export interface VmYamlPaneProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly diagnostics: readonly YamlDiagnostic[];
  readonly ariaLabel: string;
}

/** The YAML pane of the Create page: the console's YAML editor, its problems as errors. */
export function VmYamlPane({
  value,
  onChange,
  diagnostics,
  ariaLabel,
}: VmYamlPaneProps): ReactElement {
  return (
    <YamlEditor
      value={value}
      onChange={onChange}
      diagnostics={diagnostics.map((diagnostic) => ({ ...diagnostic, severity: 'error' }))}
      ariaLabel={ariaLabel}
    />
  );
}
