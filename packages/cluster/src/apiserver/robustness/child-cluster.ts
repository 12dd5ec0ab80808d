import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ClusterAccess, readKubeconfig } from './read-kubeconfig.ts';

const cli = fileURLToPath(new URL('../../../../../apps/cli/bin/podvisor.js', import.meta.url));
const announced = /Podvisor cluster API: (https:\/\/\S+)[\s\S]*export KUBECONFIG=(\S+)\n/;

/** The API server running as `podvisor cluster` in a child process. */
export interface ChildCluster {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly access: ClusterAccess;
  readonly process: ChildProcess;
  /** Settles when the process has exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/** Options of {@link startChildCluster}. */
export interface ChildClusterOptions {
  readonly dataDir: string;
  /** Give up when the server has not announced itself after this many ms (default 90 s). */
  readonly bootTimeoutMs?: number;
}

/**
 * Runs `node apps/cli/bin/podvisor.js cluster --data-dir DIR --port 0` (log level warn) and resolves
 * once it printed its URL and `export KUBECONFIG=…`, with the kubeconfig it wrote read back.
 */
export function startChildCluster(options: ChildClusterOptions): Promise<ChildCluster> {
  const child = spawn(
    process.execPath,
    // No node agents: the tests kill the server with SIGKILL, which would leave agents behind.
    [cli, 'cluster', '--data-dir', options.dataDir, '--port', '0', '--nodes', '0'],
    { env: { ...process.env, PODVISOR_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the cluster did not announce itself in time; output:\n${output}`));
    }, options.bootTimeoutMs ?? 90_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = announced.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      const [, url = '', kubeconfigPath = ''] = match;
      try {
        const access = readKubeconfig(kubeconfigPath);
        resolve({ url, kubeconfigPath, access, process: child, exited, output: () => output });
      } catch (error) {
        child.kill('SIGKILL');
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the cluster exited (code ${String(code)}, signal ${String(signal)}):\n${output}`,
        ),
      );
    });
  });
}

/** SIGKILLs the child unless it already exited, and waits for it. */
export async function killChildCluster(cluster: ChildCluster): Promise<void> {
  if (cluster.process.exitCode === null && cluster.process.signalCode === null)
    cluster.process.kill('SIGKILL');
  await cluster.exited;
}
