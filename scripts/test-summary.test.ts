import { describe, expect, it } from 'vitest';
import { summarize } from './test-summary.ts';

describe('summarize', () => {
  it('adds up checks and tests into the final line', () => {
    const summary = summarize([
      { name: 'typecheck', passed: 1, failed: 0 },
      { name: 'lint', passed: 0, failed: 1 },
      { name: 'vitest', passed: 40, failed: 2 },
    ]);
    expect(summary.line).toBe('41 passed, 3 failed');
    expect(summary.failed).toBe(3);
    expect(summary.detail).toBe(
      'typecheck: ok (1 passed, 0 failed) · lint: FAILED (0 passed, 1 failed) · vitest: FAILED (40 passed, 2 failed)',
    );
  });
});
