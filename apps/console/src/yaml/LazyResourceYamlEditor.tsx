import { Skeleton } from '@patternfly/react-core';
import { lazy, Suspense, type ReactElement } from 'react';
import type { ResourceYamlEditorProps } from './ResourceYamlEditor.tsx';

const Editor = lazy(async () => ({
  default: (await import('./ResourceYamlEditor.tsx')).ResourceYamlEditor,
}));

/**
 * {@link ResourceYamlEditorProps | ResourceYamlEditor} behind `lazy()`: the `yaml` library and
 * CodeMirror load only when it first renders. Use this one from pages.
 */
export function LazyResourceYamlEditor(props: ResourceYamlEditorProps): ReactElement {
  return (
    <Suspense fallback={<Skeleton height="20rem" screenreaderText="Loading the YAML editor" />}>
      <Editor {...props} />
    </Suspense>
  );
}
