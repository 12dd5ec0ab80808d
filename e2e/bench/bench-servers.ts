import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { podvisorBin, repoRoot, runCommand } from '../podvisor-cli.ts';

/** A `podvisor` child process that announced itself. */
export interface ServerProcess {
  readonly pid: number;
  /** The announcement's captured values, by the names given to {@link startAnnounced}. */
  readonly found: Readonly<Record<string, string>>;
  /** SIGTERM, then SIGKILL after 15 s; resolves once it has exited. */
  readonly stop: () => Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(force);
  };
}

function matchAll(
  output: string,
  patterns: Readonly<Record<string, RegExp>>,
): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(patterns)) {
    const value = pattern.exec(output)?.[1];
    if (value === undefined) return undefined;
    found[name] = value;
  }
  return found;
}

/**
 * Starts `podvisor <args>` on this Node and waits (at most `timeoutMs`) until its stdout matched
 * every pattern (each captures one value); kills it and throws on timeout or early exit.
 */
export function startAnnounced(
  args: readonly string[],
  patterns: Readonly<Record<string, RegExp>>,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [podvisorBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = stopper(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop().then(() => {
        reject(new Error(`podvisor ${args[0] ?? ''} ${why}; it printed:\n${output}`));
      });
    };
    const timer = setTimeout(() => {
      fail(`did not announce itself within ${String(timeoutMs)} ms`);
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = matchAll(output, patterns);
      if (found === undefined) return;
      clearTimeout(timer);
      resolve({ pid: child.pid ?? -1, found, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      fail(`exited (${String(code ?? signal)}) before announcing itself`);
    });
  });
}

/**
 * `podvisor cluster --nodes 0`: the embedded API server and its in-process controllers, with no
 * node agent, so the benchmark's pods (bound to nodes that do not exist) never run.
 */
export function startApiServer(dataDir: string): Promise<ServerProcess> {
  return startAnnounced(
    ['cluster', '--nodes', '0', '--data-dir', dataDir, '--log-level', 'warn'],
    { url: /Podvisor cluster API: (\S+)/ },
    60_000,
  );
}

/** `podvisor console --auth local` on the cluster of `kubeconfig`, serving the SPA in `staticDir`. */
export function startConsole(options: {
  readonly kubeconfig: string;
  readonly dataDir: string;
  readonly staticDir: string;
}): Promise<ServerProcess> {
  return startAnnounced(
    [
      'console',
      '--auth',
      'local',
      '--kubeconfig',
      options.kubeconfig,
      '--data-dir',
      options.dataDir,
      '--static-dir',
      options.staticDir,
      '--log-level',
      'warn',
    ],
    { url: /Podvisor console: (\S+)/, link: /Sign in \(one-time link\): (\S+)/ },
    60_000,
  );
}

/**
 * Builds the console with Vite (as `npm run build`) into `outDir`, leaving apps/console/dist
 * alone; returns the build's wall time in seconds.
 */
export async function buildConsole(outDir: string): Promise<number> {
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const started = performance.now();
  const built = await runCommand(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    { timeoutMs: 180_000 },
  );
  if (built.code !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`);
  return (performance.now() - started) / 1000;
}
