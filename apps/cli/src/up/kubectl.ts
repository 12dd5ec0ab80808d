import { execFile } from 'node:child_process';

/** What a kubectl run printed and how it ended. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl against `kubeconfig` from `cwd`; a missing kubectl is an error that says so. */
export function kubectl(
  args: readonly string[],
  options: {
    kubeconfig: string;
    cwd: string;
    stdin?: string;
    timeoutMs?: number;
    signal?: AbortSignal;
  },
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      [...args],
      {
        cwd: options.cwd,
        env: { ...process.env, KUBECONFIG: options.kubeconfig },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (error, stdout, stderr) => {
        if (error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(
            new Error(
              'kubectl is not on PATH: install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/)',
            ),
          );
          return;
        }
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Runs kubectl and throws with its stderr when it fails. */
export async function kubectlOrThrow(
  args: readonly string[],
  options: Parameters<typeof kubectl>[1],
): Promise<string> {
  const result = await kubectl(args, options);
  if (result.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim() || result.stdout}`);
  return result.stdout;
}
