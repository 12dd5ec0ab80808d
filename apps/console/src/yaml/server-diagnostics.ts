import type { KubeError } from '../k8s/index.ts';
import { pathToLine } from './path-to-line.ts';
import type { YamlDiagnostic } from './yaml-diagnostic.ts';

interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

// Strict field validation words decoding problems only in the message:
// `strict decoding error: unknown field "spec.foo", unknown field "data.x"`.
const decodingProblem = /(unknown|duplicate) field "([^"]+)"/g;

function decodingProblems(message: string): FieldProblem[] {
  return [...message.matchAll(decodingProblem)].map((match) => {
    const field = (match[2] ?? '').replace(/^\./, '');
    return { field, message: `${match[1] ?? 'unknown'} field "${field}"` };
  });
}

function causeProblems(error: KubeError): FieldProblem[] {
  return error.causes.flatMap((cause) => {
    const field = cause.field?.replace(/^\./, '');
    if (field === undefined || field === '') return decodingProblems(cause.message);
    const message = cause.message.includes(field) ? cause.message : `${field}: ${cause.message}`;
    return [{ field, message }];
  });
}

/**
 * The field problems of a failed write, placed at their lines of `text`: each `causes[].field`
 * (with its message) and each `unknown field "…"` / `duplicate field "…"` the message names
 * (Strict field validation). A field missing from the text lands on its nearest parent.
 */
export function serverDiagnostics(error: KubeError, text: string): YamlDiagnostic[] {
  const problems = [...causeProblems(error), ...decodingProblems(error.message)];
  const seen = new Set<string>();
  return problems.flatMap((problem) => {
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const { line, column } = pathToLine(text, problem.field);
    return [{ line, column, message: problem.message, severity: 'error' as const }];
  });
}
