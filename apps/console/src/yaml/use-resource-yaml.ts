import { useCallback, useEffect, useMemo, useReducer } from 'react';
import { k8sGet, k8sUpdate, KubeError, type K8sObject, type ObjectLocator } from '../k8s/index.ts';
import { dryRunUpdate } from './dry-run-update.ts';
import { identityDiagnostics } from './identity-diagnostics.ts';
import {
  initialResourceYamlState,
  resourceYamlReducer,
  type ResourceYamlState,
} from './resource-yaml-state.ts';
import { serverDiagnostics } from './server-diagnostics.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';
import { parseYamlObject } from './yaml-object.ts';

/** What {@link useResourceYaml} works on. */
export interface ResourceYamlOptions {
  /** The live object (from a watch); followed while the text is unedited. */
  readonly object: K8sObject;
  readonly locator: ObjectLocator;
  /** Whether to dry-run edits and allow saving. */
  readonly canEdit: boolean;
  /** How long typing must pause before the server dry run; 600 ms unless given. */
  readonly checkDelayMs?: number;
}

/** The editing state, every problem to show, and the user's actions. */
export interface ResourceYamlControls {
  readonly state: ResourceYamlState;
  /** Syntax and identity problems of the text, then the server's. */
  readonly diagnostics: readonly YamlDiagnostic[];
  readonly edit: (text: string) => void;
  readonly save: () => Promise<void>;
  readonly reload: () => Promise<void>;
  readonly keepEditing: () => void;
  readonly toggleManagedFields: () => void;
}

type Body = Record<string, unknown>;

function withVersion(edited: Body, base: K8sObject): Body {
  const metadata = typeof edited['metadata'] === 'object' ? edited['metadata'] : {};
  return { ...edited, metadata: { ...metadata, resourceVersion: base.metadata.resourceVersion } };
}

function asKubeError(error: unknown): KubeError {
  if (error instanceof KubeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KubeError({ code: 0, reason: 'Unknown', message });
}

/** The problems a dry run reports, on their lines; none for a conflict or no connection. */
function checkDiagnostics(error: KubeError, text: string): YamlDiagnostic[] {
  if (error.code === 409 || error.code === 0) return [];
  const placed = serverDiagnostics(error, text);
  return placed.length > 0 ? placed : [{ line: 1, message: error.message, severity: 'error' }];
}

function useLocalProblems(state: ResourceYamlState): {
  readonly body: Body | undefined;
  readonly problems: readonly YamlDiagnostic[];
} {
  return useMemo(() => {
    const parsed = parseYamlObject(state.text);
    if (!parsed.ok) return { body: undefined, problems: parsed.diagnostics };
    const problems = identityDiagnostics(state.base, parsed.object, state.text);
    return {
      body: problems.length > 0 ? undefined : withVersion(parsed.object, state.base),
      problems,
    };
  }, [state.text, state.base]);
}

/** The same locator object for as long as its fields stay the same (a literal per render is fine). */
function useStableLocator(locator: ObjectLocator): ObjectLocator {
  const { group, version, resource, namespace, name } = locator;
  return useMemo(
    () => ({ group, version, resource, name, ...(namespace === undefined ? {} : { namespace }) }),
    [group, version, resource, namespace, name],
  );
}

/**
 * The behaviour of the resource YAML editor: follows the live object, checks the text (YAML
 * syntax and unchangeable identity at once; the API server's Strict dry run after a pause), and
 * saves with the base's resourceVersion, turning a 409 into `state.conflict`.
 */
export function useResourceYaml(options: ResourceYamlOptions): ResourceYamlControls {
  const { object, canEdit } = options;
  const locator = useStableLocator(options.locator);
  const delay = options.checkDelayMs ?? 600;
  const [state, dispatch] = useReducer(resourceYamlReducer, object, initialResourceYamlState);
  useEffect(() => {
    dispatch({ type: 'live', object });
  }, [object]);
  const { body, problems } = useLocalProblems(state);
  const { text, edited } = state;
  useEffect(() => {
    if (!canEdit || !edited || body === undefined) return undefined;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      dryRunUpdate(locator, body, abort.signal).then(
        () => {
          if (!abort.signal.aborted) dispatch({ type: 'checked', diagnostics: [] });
        },
        (error: unknown) => {
          if (abort.signal.aborted) return;
          dispatch({ type: 'checked', diagnostics: checkDiagnostics(asKubeError(error), text) });
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [canEdit, edited, body, locator, text, delay]);
  const save = useCallback(async () => {
    if (body === undefined) {
      dispatch({ type: 'blocked' });
      return;
    }
    dispatch({ type: 'saving' });
    try {
      dispatch({ type: 'saved', object: (await k8sUpdate(locator, body)) as unknown as K8sObject });
    } catch (error) {
      const failure = asKubeError(error);
      dispatch({
        type: 'saveFailed',
        error: failure,
        diagnostics: serverDiagnostics(failure, text),
      });
    }
  }, [body, locator, text]);
  const reload = useCallback(async () => {
    try {
      dispatch({ type: 'reload', object: await k8sGet<K8sObject>(locator) });
    } catch (error) {
      dispatch({ type: 'saveFailed', error: asKubeError(error), diagnostics: [] });
    }
  }, [locator]);
  const diagnostics = useMemo(
    () => [...problems, ...state.serverDiagnostics],
    [problems, state.serverDiagnostics],
  );
  return {
    state,
    diagnostics,
    edit: useCallback((next: string) => {
      dispatch({ type: 'edit', text: next });
    }, []),
    save,
    reload,
    keepEditing: useCallback(() => {
      dispatch({ type: 'keepEditing' });
    }, []),
    toggleManagedFields: useCallback(() => {
      dispatch({ type: 'toggleManagedFields' });
    }, []),
  };
}
