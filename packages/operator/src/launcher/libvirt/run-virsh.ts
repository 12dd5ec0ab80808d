import { type ExecFileException, execFile } from 'node:child_process';
import { VirshError, virshMessage } from './virsh-error.ts';

/** How one virsh call runs. */
export interface RunVirshOptions {
  readonly uri: string;
  readonly args: readonly string[];
  /** Default 30 s. */
  readonly timeoutMs?: number;
}

/** A child environment with untranslated messages (the parsers key on libvirt's English text). */
export function untranslatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANG: 'C', ...extra };
}

function failure(command: string, error: ExecFileException, stderr: string): VirshError {
  if (error.code === 'ENOENT') {
    return new VirshError({
      command,
      message: 'virsh is not installed (Debian package libvirt-clients)',
      exitCode: null,
      code: 'virsh-missing',
    });
  }
  if (error.killed === true) {
    return new VirshError({ command, message: 'timed out', exitCode: null, code: 'timeout' });
  }
  const exitCode = typeof error.code === 'number' ? error.code : null;
  return new VirshError({ command, message: virshMessage(stderr) || error.message, exitCode });
}

/**
 * Runs `virsh -q -c URI ARGS…` to completion and resolves with its standard output; any failure
 * rejects with a VirshError carrying virsh's message.
 */
export function runVirsh(options: RunVirshOptions): Promise<string> {
  const args = ['-q', '-c', options.uri, ...options.args];
  const command = ['virsh', ...options.args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      'virsh',
      args,
      { env: untranslatedEnv(), timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(failure(command, error, stderr));
      },
    );
  });
}
