/** The outcome of one step of `npm test`: a check counts as one, a test runner as its tests. */
export interface StepResult {
  name: string;
  passed: number;
  failed: number;
}

/** The summary `npm test` ends with: a per-step detail line and the `N passed, N failed` line. */
export function summarize(steps: readonly StepResult[]): {
  passed: number;
  failed: number;
  detail: string;
  line: string;
} {
  const passed = steps.reduce((sum, s) => sum + s.passed, 0);
  const failed = steps.reduce((sum, s) => sum + s.failed, 0);
  const detail = steps
    .map(
      (s) =>
        `${s.name}: ${s.failed === 0 ? 'ok' : 'FAILED'} (${s.passed} passed, ${s.failed} failed)`,
    )
    .join(' · ');
  return { passed, failed, detail, line: `${passed} passed, ${failed} failed` };
}
