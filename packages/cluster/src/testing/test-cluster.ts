import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { startCluster, type ClusterOptions, type RunningCluster } from '../start-cluster.ts';

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** An embedded cluster in a temporary directory, with a kubectl bound to it. */
export interface TestCluster extends RunningCluster {
  readonly dataDir: string;
  /** Runs kubectl (the dispatcher, or a versioned binary) against the cluster, with its own HOME. */
  kubectl(
    args: readonly string[],
    options?: { binary?: string; stdin?: string; env?: Record<string, string> },
  ): Promise<CommandResult>;
}

const sdkBin = '/usr/lib/google-cloud-sdk/bin';

/** The versioned kubectl binaries installed on this machine (e.g. `kubectl.1.27`), by minor version. */
export function versionedKubectl(minor: number): string | undefined {
  const path = join(sdkBin, `kubectl.1.${minor}`);
  return existsSync(path) ? path : undefined;
}

/**
 * Starts an embedded cluster in a fresh temporary directory, in this process. kubectl runs as a
 * child process (asynchronously, so the in-process server keeps answering) with a private HOME,
 * so no discovery cache leaks between runs. No in-process controllers run unless asked for, so a
 * test sees exactly the behaviour it starts.
 */
export async function startTestCluster(
  options: {
    logLevel?: 'silent' | 'debug' | 'info';
    controllers?: ClusterOptions['controllers'];
  } = {},
): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-cluster-'));
  const home = join(dataDir, 'home');
  const logger = createLogger({
    component: 'test-cluster',
    level: options.logLevel ?? 'silent',
    destination: join(dataDir, 'cluster.log'),
  });
  const cluster = await startCluster({
    dataDir,
    port: 0,
    logger,
    controllers: options.controllers ?? 'none',
  });
  return {
    ...cluster,
    dataDir,
    kubectl: (args, opts = {}) =>
      new Promise((resolve) => {
        const child = execFile(
          opts.binary ?? 'kubectl',
          [...args],
          {
            env: { ...process.env, HOME: home, KUBECONFIG: cluster.kubeconfigPath, ...opts.env },
            timeout: 60_000,
            maxBuffer: 64 * 1024 * 1024,
          },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
            resolve({ code, stdout, stderr });
          },
        );
        child.stdin?.end(opts.stdin ?? '');
      }),
    close: async () => {
      await cluster.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
