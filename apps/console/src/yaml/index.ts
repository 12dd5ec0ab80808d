export { LazyResourceYamlEditor } from './LazyResourceYamlEditor.tsx';
export type { ResourceYamlEditorProps } from './ResourceYamlEditor.tsx';
export type { YamlDiagnostic } from './yaml-diagnostic.ts';
export { YamlEditor, type YamlEditorProps } from './YamlEditor.tsx';
export { ObjectYamlTab } from './ObjectYamlTab.tsx';
