import { describe, expect, it } from 'vitest';
import { GuestImageError } from './guest-image-error.ts';
import { runLoggedTool } from './run-logged-tool.ts';
import { ToolFailure } from './run-tool.ts';

describe('runLoggedTool', () => {
  it('hands over each stderr line, split across writes or not, and resolves with both streams', async () => {
    const lines: string[] = [];
    const script = 'printf "I: one\\nI: tw" >&2; sleep 0.1; printf "o\\n\\nlast" >&2; echo out';
    const output = await runLoggedTool('sh', ['-c', script], { onLine: (l) => lines.push(l) });
    expect(lines).toEqual(['I: one', 'I: two', 'last']);
    expect(output).toEqual({ stdout: 'out\n', stderr: 'I: one\nI: two\n\nlast' });
  });

  it('gives the child exactly the environment it is given', async () => {
    const output = await runLoggedTool('/bin/sh', ['-c', 'echo "$ONLY:$HOME"'], {
      env: { ONLY: 'this' },
    });
    expect(output.stdout).toBe('this:\n');
  });

  it('rejects a non-zero exit with a ToolFailure carrying the exit code and stderr', async () => {
    const run = runLoggedTool('sh', ['-c', 'echo "E: broken" >&2; exit 3']);
    await expect(run).rejects.toThrow(ToolFailure);
    await expect(run).rejects.toMatchObject({ exitCode: 3, stderr: 'E: broken\n' });
    await expect(run).rejects.toThrow(/`sh -c .*` failed \(exit 3\):\n {2}E: broken/);
  });

  it('rejects a missing tool with a GuestImageError naming it', async () => {
    const run = runLoggedTool('podvisor-no-such-tool', []);
    await expect(run).rejects.toThrow(GuestImageError);
    await expect(run).rejects.toThrow('podvisor-no-such-tool is not installed');
  });
});
