import type { K8sObject } from '../k8s/index.ts';
import { pathToLine } from './path-to-line.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';

function valueAt(object: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const identityFields = ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace'] as const;

/**
 * Refuses edits of what names the object — apiVersion, kind, metadata.name and
 * metadata.namespace — with one diagnostic per changed field, at its line in `text`: saving
 * them would address another object (or fail), so the editor only ever replaces the one it shows.
 */
export function identityDiagnostics(
  live: K8sObject,
  edited: Readonly<Record<string, unknown>>,
  text: string,
): YamlDiagnostic[] {
  const original = live as unknown as Readonly<Record<string, unknown>>;
  return identityFields.flatMap((field) => {
    const was = valueAt(original, field) ?? '';
    const now = valueAt(edited, field) ?? '';
    if (was === now) return [];
    const { line, column } = pathToLine(text, field);
    const shown = was === '' ? 'unset' : JSON.stringify(was);
    return [
      {
        line,
        column,
        severity: 'error' as const,
        message: `${field} cannot be changed here (it is ${shown}); create a new object instead`,
      },
    ];
  });
}
