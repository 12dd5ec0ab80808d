import type * as Yaml from 'yaml';
import {
  fromVirtualMachine,
  type JsonRecord,
  type VmFormProblem,
  type VmFormState,
} from './vm-form-model.ts';

/** A problem of the YAML text, at a line (1-based). */
export interface YamlDiagnostic {
  readonly line: number;
  readonly message: string;
}

/** YAML read back into the form, or the diagnostic that kept the form as it was. */
export type ParseVmYamlResult =
  | { readonly ok: true; readonly form: VmFormState; readonly base: JsonRecord }
  | { readonly ok: false; readonly diagnostic: YamlDiagnostic };

type YamlModule = typeof Yaml;
type YamlDocument = ReturnType<YamlModule['parseDocument']>;

// The yaml package is loaded on first use, so the first page stays small.
function loadYaml(): Promise<YamlModule> {
  return import('yaml');
}

/** The line of the deepest node of `path` that the document has (line 1 when none). */
function lineOf(
  document: YamlDocument,
  path: readonly (string | number)[],
  lineAt: (offset: number) => number,
): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node: unknown = document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: readonly number[] } | undefined)?.range;
    if (range?.[0] !== undefined) return lineAt(range[0]);
  }
  return 1;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

function problemDiagnostic(
  document: YamlDocument,
  problem: VmFormProblem,
  lineAt: (offset: number) => number,
): YamlDiagnostic {
  return { line: lineOf(document, problem.path, lineAt), message: problem.message };
}

/**
 * Parses the YAML pane's text and reads it back into the form ({@link fromVirtualMachine}):
 * text that does not parse, or is not a kubevirt.io/v1 VirtualMachine the form can show, gives
 * a diagnostic at its line instead.
 */
export async function parseVmYaml(text: string, previous: VmFormState): Promise<ParseVmYamlResult> {
  const { LineCounter, parseDocument } = await loadYaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const [error] = document.errors;
  if (error !== undefined)
    return {
      ok: false,
      diagnostic: { line: lineAt(error.pos[0]), message: firstLine(error.message) },
    };
  const read = fromVirtualMachine(document.toJS() as unknown, previous);
  if (!read.ok) return { ok: false, diagnostic: problemDiagnostic(document, read.problem, lineAt) };
  return read;
}

/** A VirtualMachine as the YAML pane shows it (block style, multi-line strings as `|`). */
export async function vmToYaml(vm: unknown): Promise<string> {
  const { stringify } = await loadYaml();
  return stringify(vm, { lineWidth: 0 });
}
