import {
  Alert,
  AlertActionLink,
  Button,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import type { ReactElement } from 'react';
import type { K8sObject, ObjectLocator } from '../k8s/index.ts';
import { useResourceYaml, type ResourceYamlControls } from './use-resource-yaml.ts';
import { YamlEditor } from './YamlEditor.tsx';

/** Which object to edit, and whether the user may. */
export interface ResourceYamlEditorProps {
  /** The live object, e.g. from `useK8sWatchResource`. */
  readonly object: K8sObject;
  readonly locator: ObjectLocator;
  readonly canEdit: boolean;
  /** Why editing is not allowed (shown when `canEdit` is false). */
  readonly canEditReason?: string;
  /** How long typing must pause before the server dry run; 600 ms unless given. */
  readonly checkDelayMs?: number;
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.yaml`;
  link.click();
  URL.revokeObjectURL(url);
}

interface Named {
  readonly kind: string;
  readonly name: string;
}

function EditorToolbar(props: {
  readonly controls: ResourceYamlControls;
  readonly canEdit: boolean;
  readonly name: string;
}): ReactElement {
  const { state } = props.controls;
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <Button
            variant="primary"
            isDisabled={!props.canEdit || !state.edited || state.saving}
            isLoading={state.saving}
            onClick={() => void props.controls.save()}
          >
            Save
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="secondary" onClick={() => void props.controls.reload()}>
            Reload
          </Button>
        </ToolbarItem>
        <ToolbarItem>
          <Button
            variant="secondary"
            onClick={() => {
              download(state.text, props.name);
            }}
          >
            Download
          </Button>
        </ToolbarItem>
        <ToolbarItem alignSelf="center">
          <Switch
            id={`${props.name}-managed-fields`}
            label="Show managed fields"
            isChecked={state.showManagedFields}
            isDisabled={state.edited}
            onChange={props.controls.toggleManagedFields}
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}

function ConflictAlerts({
  controls,
  named,
}: {
  readonly controls: ResourceYamlControls;
  readonly named: Named;
}): ReactElement | null {
  const { state } = controls;
  const reload = <AlertActionLink onClick={() => void controls.reload()}>Reload</AlertActionLink>;
  if (state.conflict)
    return (
      <Alert
        variant="warning"
        isInline
        title={`${named.kind} ${named.name} has been updated since you started editing`}
        actionLinks={
          <>
            {reload}
            <AlertActionLink onClick={controls.keepEditing}>Keep editing</AlertActionLink>
          </>
        }
      >
        Nothing was saved. Reload takes the new version and discards your edits; keep editing to
        copy them out first.
      </Alert>
    );
  if (state.newerVersion)
    return (
      <Alert
        variant="info"
        isInline
        title={`A newer version of ${named.kind} ${named.name} exists`}
        actionLinks={reload}
      >
        Your edits are based on an older version; saving them will be refused as a conflict.
      </Alert>
    );
  return null;
}

function StatusAlerts({
  controls,
  named,
}: {
  readonly controls: ResourceYamlControls;
  readonly named: Named;
}): ReactElement {
  const { state } = controls;
  return (
    <>
      <ConflictAlerts controls={controls} named={named} />
      {state.saveError !== undefined && (
        <Alert variant="danger" isInline title={`${named.kind} ${named.name} was not saved`}>
          {state.saveError.message}
        </Alert>
      )}
      {state.blocked && (
        <Alert variant="danger" isInline title="The YAML has problems; nothing was sent">
          Fix the problems listed under the editor, then save again.
        </Alert>
      )}
      {state.savedVersion !== undefined && (
        <Alert variant="success" isInline title={`${named.kind} ${named.name} saved`} />
      )}
    </>
  );
}

/**
 * The YAML tab of any object: the live object as YAML (managedFields hidden unless switched on),
 * checked while typing (YAML syntax, unchangeable identity, then the API server's Strict dry
 * run), saved with PUT and the edited version's resourceVersion. A conflict is never
 * overwritten: the user reloads or keeps editing. Server errors show as an alert and, where the
 * server names fields, as problems at their lines. Heavy (yaml, CodeMirror): load it lazily.
 */
export function ResourceYamlEditor(props: ResourceYamlEditorProps): ReactElement {
  const controls = useResourceYaml({
    object: props.object,
    locator: props.locator,
    canEdit: props.canEdit,
    ...(props.checkDelayMs === undefined ? {} : { checkDelayMs: props.checkDelayMs }),
  });
  const named = { kind: props.object.kind ?? props.locator.resource, name: props.locator.name };
  return (
    <>
      {!props.canEdit && (
        <Alert variant="info" isInline isPlain title="Read only">
          {props.canEditReason ?? `You may not edit ${named.kind} ${named.name}.`}
        </Alert>
      )}
      <EditorToolbar controls={controls} canEdit={props.canEdit} name={named.name} />
      <StatusAlerts controls={controls} named={named} />
      <YamlEditor
        value={controls.state.text}
        onChange={controls.edit}
        diagnostics={controls.diagnostics}
        readOnly={!props.canEdit}
        ariaLabel={`YAML of ${named.kind} ${named.name}`}
      />
    </>
  );
}
