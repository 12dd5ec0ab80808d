/** One problem in a YAML text, at a 1-based line (and column), shown as a lint marker and listed. */
export interface YamlDiagnostic {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}
