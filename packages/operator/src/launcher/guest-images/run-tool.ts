import { execFile } from 'node:child_process';
import { GuestImageError } from './guest-image-error.ts';

/** What a finished host tool printed. */
export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** A host tool that exited non-zero: its exit code and what it printed. */
export class ToolFailure extends GuestImageError {
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(options: { command: string; exitCode: number | null; stderr: string }) {
    const last = lastLines(options.stderr);
    super(`\`${options.command}\` failed (exit ${options.exitCode ?? 'signal'})${last}`);
    this.exitCode = options.exitCode;
    this.stderr = options.stderr;
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean).slice(-4);
  return lines.length === 0 ? '' : `:\n  ${lines.join('\n  ')}`;
}

const packageOf: Record<string, string> = {
  'apt-get': 'apt',
  'apt-cache': 'apt',
  'dpkg-deb': 'dpkg',
  'qemu-img': 'qemu-utils',
};

/**
 * Runs a host tool to completion, with the process's environment. A missing tool
 * fails with a GuestImageError naming the Debian package that provides it; a non-zero exit with
 * a {@link ToolFailure}.
 */
export function runTool(
  file: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<ToolOutput> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
        } else if (error.code === 'ENOENT') {
          const pkg = packageOf[file] ?? file;
          reject(new GuestImageError(`${file} is not installed (Debian package ${pkg})`));
        } else {
          const exitCode = typeof error.code === 'number' ? error.code : null;
          reject(new ToolFailure({ command, exitCode, stderr }));
        }
      },
    );
  });
}
