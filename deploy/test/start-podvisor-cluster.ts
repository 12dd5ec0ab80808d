import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployDir } from './read-manifests.ts';

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `podvisor cluster` process in a temporary data directory, with kubectl bound to it. */
export interface PodvisorCluster {
  readonly dataDir: string;
  /** The environment kubectl runs with (the cluster's kubeconfig, a private HOME). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs kubectl against the cluster (cwd `deploy/`, a private HOME, so no discovery cache leaks). */
  kubectl(args: readonly string[], stdin?: string): Promise<CommandResult>;
  /** Stops the process (SIGTERM, then SIGKILL after 20 s) and removes the data directory. */
  close(): Promise<void>;
}

const cli = join(deployDir, '..', 'apps', 'cli', 'bin', 'podvisor.js');

function waitForAnnouncement(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`podvisor cluster ${why}; it printed:\n${output}`));
    };
    const timer = setTimeout(() => {
      fail(`did not announce its API within ${timeoutMs} ms`);
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Podvisor cluster API: ')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      fail(`exited with ${String(code)}`);
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `podvisor cluster --nodes N` (the embedded API server with all of local mode's
 * controllers; with the default 0 nodes, pods stay Pending) as a child process in a fresh
 * temporary directory, and resolves once it serves.
 */
export async function startPodvisorCluster(
  options: { nodes?: number; network?: 'auto' | 'pod' | 'loopback' } = {},
): Promise<PodvisorCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-deploy-'));
  const child = spawn(
    process.execPath,
    [
      cli,
      'cluster',
      '--nodes',
      String(options.nodes ?? 0),
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      ...(options.network === undefined ? [] : ['--network', options.network]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await waitForAnnouncement(child, 60_000);
  } catch (error) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const env = {
    ...process.env,
    HOME: join(dataDir, 'home'),
    KUBECONFIG: join(dataDir, 'kubeconfig'),
  };
  return {
    dataDir,
    env,
    kubectl: (args, stdin) =>
      new Promise((resolve) => {
        const run = execFile(
          'kubectl',
          [...args],
          { cwd: deployDir, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
            resolve({ code, stdout, stderr });
          },
        );
        run.stdin?.end(stdin ?? '');
      }),
    close: async () => {
      await stop(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
