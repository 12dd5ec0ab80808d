import { LineCounter, parseDocument, stringify, type YAMLError } from 'yaml';
import type { K8sObject } from '../k8s/index.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';

/** The outcome of reading the editor's text as one Kubernetes object. */
export type ParsedYamlObject =
  | { readonly ok: true; readonly object: Record<string, unknown> }
  | { readonly ok: false; readonly diagnostics: readonly YamlDiagnostic[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function diagnosticOf(
  error: YAMLError,
  lineCounter: LineCounter,
  severity: YamlDiagnostic['severity'],
): YamlDiagnostic {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  return { line: Math.max(line, 1), column: Math.max(col, 1), message: error.message, severity };
}

/**
 * Reads YAML text as one Kubernetes object (a mapping). Syntax errors (and anything but a single
 * mapping) come back as diagnostics at their lines, so nothing is sent; YAML warnings are kept as
 * `warning` diagnostics only when there is an error too.
 */
export function parseYamlObject(text: string): ParsedYamlObject {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0)
    return {
      ok: false,
      diagnostics: [
        ...doc.errors.map((error) => diagnosticOf(error, lineCounter, 'error')),
        ...doc.warnings.map((warning) => diagnosticOf(warning, lineCounter, 'warning')),
      ],
    };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (!isRecord(value))
    return {
      ok: false,
      diagnostics: [
        {
          line: 1,
          message:
            'the text must describe one Kubernetes object: a mapping with apiVersion, kind and metadata',
          severity: 'error',
        },
      ],
    };
  return { ok: true, object: value };
}

/** What to leave out of the YAML shown for an object. */
export interface ResourceYamlOptions {
  /** Show `metadata.managedFields` (server-side apply bookkeeping); hidden by default. */
  readonly showManagedFields?: boolean;
}

/**
 * An object as YAML for editing: block style, long strings unfolded, no anchors, and
 * `metadata.managedFields` left out unless asked for (a PUT without it keeps the server's).
 */
export function resourceYaml(object: K8sObject, options: ResourceYamlOptions = {}): string {
  const metadata: Record<string, unknown> = { ...object.metadata };
  if (options.showManagedFields !== true) delete metadata['managedFields'];
  return stringify({ ...object, metadata }, { lineWidth: 0, aliasDuplicateObjects: false });
}
