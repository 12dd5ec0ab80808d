import type { K8sObject, KubeError } from '../k8s/index.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';
import { resourceYaml } from './yaml-object.ts';

/** Where a resource's YAML editing stands. */
export interface ResourceYamlState {
  /** The version the text was made from; a save sends its resourceVersion. */
  readonly base: K8sObject;
  readonly text: string;
  /** Whether the text differs from `base` as shown. */
  readonly edited: boolean;
  readonly showManagedFields: boolean;
  /** The live object moved past `base` while the text was edited. */
  readonly newerVersion: boolean;
  /** The last save was refused with 409 Conflict. */
  readonly conflict: boolean;
  readonly saving: boolean;
  /** The last save's failure (other than a conflict). */
  readonly saveError: KubeError | undefined;
  /** The resourceVersion the last successful save produced. */
  readonly savedVersion: string | undefined;
  /** Save was pressed while the text had problems: nothing was sent. */
  readonly blocked: boolean;
  /** Problems the server found, by the last save or dry run, placed on their lines. */
  readonly serverDiagnostics: readonly YamlDiagnostic[];
}

/** What changes the state. */
export type ResourceYamlAction =
  | { readonly type: 'live'; readonly object: K8sObject }
  | { readonly type: 'edit'; readonly text: string }
  | { readonly type: 'reload'; readonly object: K8sObject }
  | { readonly type: 'toggleManagedFields' }
  | { readonly type: 'blocked' }
  | { readonly type: 'saving' }
  | { readonly type: 'saved'; readonly object: K8sObject }
  | {
      readonly type: 'saveFailed';
      readonly error: KubeError;
      readonly diagnostics: readonly YamlDiagnostic[];
    }
  | { readonly type: 'checked'; readonly diagnostics: readonly YamlDiagnostic[] }
  | { readonly type: 'keepEditing' };

/** The state for a freshly shown object. */
export function initialResourceYamlState(
  object: K8sObject,
  showManagedFields = false,
): ResourceYamlState {
  return {
    base: object,
    text: resourceYaml(object, { showManagedFields }),
    edited: false,
    showManagedFields,
    newerVersion: false,
    conflict: false,
    saving: false,
    saveError: undefined,
    savedVersion: undefined,
    blocked: false,
    serverDiagnostics: [],
  };
}

function versionOf(object: K8sObject): string | undefined {
  return object.metadata.resourceVersion;
}

function followLive(state: ResourceYamlState, object: K8sObject): ResourceYamlState {
  const same = versionOf(object) === versionOf(state.base);
  if (state.edited || state.saving) return { ...state, newerVersion: !same };
  if (same) return state;
  return {
    ...initialResourceYamlState(object, state.showManagedFields),
    savedVersion: state.savedVersion,
  };
}

function edit(state: ResourceYamlState, text: string): ResourceYamlState {
  const pristine = resourceYaml(state.base, { showManagedFields: state.showManagedFields });
  return {
    ...state,
    text,
    edited: text !== pristine,
    blocked: false,
    savedVersion: undefined,
    serverDiagnostics: [],
  };
}

function saveFailed(
  state: ResourceYamlState,
  error: KubeError,
  diagnostics: readonly YamlDiagnostic[],
): ResourceYamlState {
  if (error.code === 409) return { ...state, saving: false, conflict: true };
  return { ...state, saving: false, saveError: error, serverDiagnostics: diagnostics };
}

function saveStep(
  state: ResourceYamlState,
  action: Extract<ResourceYamlAction, { type: 'saving' | 'saved' | 'saveFailed' }>,
): ResourceYamlState {
  if (action.type === 'saving')
    return { ...state, saving: true, blocked: false, saveError: undefined, conflict: false };
  if (action.type === 'saveFailed') return saveFailed(state, action.error, action.diagnostics);
  return {
    ...initialResourceYamlState(action.object, state.showManagedFields),
    savedVersion: versionOf(action.object) ?? '',
  };
}

/**
 * The YAML editing state machine: the text follows the live object while unedited; once edited,
 * a newer live version only raises `newerVersion` (never replaces the edits); a save keeps the
 * base's resourceVersion, so a concurrent change ends in `conflict` rather than an overwrite.
 */
export function resourceYamlReducer(
  state: ResourceYamlState,
  action: ResourceYamlAction,
): ResourceYamlState {
  switch (action.type) {
    case 'live':
      return followLive(state, action.object);
    case 'edit':
      return edit(state, action.text);
    case 'reload':
      return initialResourceYamlState(action.object, state.showManagedFields);
    case 'toggleManagedFields':
      return state.edited ? state : initialResourceYamlState(state.base, !state.showManagedFields);
    case 'blocked':
      return { ...state, blocked: true, savedVersion: undefined };
    case 'saving':
    case 'saved':
    case 'saveFailed':
      return saveStep(state, action);
    case 'checked':
      return { ...state, serverDiagnostics: action.diagnostics };
    case 'keepEditing':
      return { ...state, conflict: false };
  }
}
