import { spawn } from 'node:child_process';
import { GuestImageError } from './guest-image-error.ts';
import { type ToolOutput, ToolFailure } from './run-tool.ts';

/** How {@link runLoggedTool} runs a tool. */
export interface RunLoggedToolOptions {
  /** The child's whole environment; default the process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each complete line the tool prints on stderr, as it prints it. */
  readonly onLine?: (line: string) => void;
}

function lineSplitter(onLine: (line: string) => void): (chunk: string, end?: boolean) => void {
  let pending = '';
  return (chunk, end = false) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = end ? '' : (lines.pop() ?? '');
    for (const line of lines) if (line !== '') onLine(line);
  };
}

/**
 * Runs a host tool to completion like `runTool`, but hands each stderr line to `onLine` while it
 * runs (long builds report progress) and takes an environment. A missing tool is a
 * GuestImageError naming it; a non-zero exit a {@link ToolFailure} with the tool's stderr.
 */
export function runLoggedTool(
  file: string,
  args: readonly string[],
  options: RunLoggedToolOptions = {},
): Promise<ToolOutput> {
  const command = [file, ...args].join(' ');
  const child = spawn(file, args, { env: options.env ?? process.env, stdio: 'pipe' });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  const split = lineSplitter(options.onLine ?? (() => undefined));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    split(chunk);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new GuestImageError(`${file} is not installed`)
          : new GuestImageError(`${command}: ${error.message}`),
      );
    });
    child.once('close', (exitCode) => {
      split('', true);
      if (exitCode === 0) resolve({ stdout, stderr });
      else reject(new ToolFailure({ command, exitCode, stderr }));
    });
  });
}
