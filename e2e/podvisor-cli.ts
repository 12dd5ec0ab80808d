import { execFile } from 'node:child_process';
import { delimiter, join } from 'node:path';

/** The checkout's root directory. */
export const repoRoot = join(import.meta.dirname, '..');

/** The `podvisor` command's entry point, run with this process's Node (24). */
export const podvisorBin = join(repoRoot, 'apps', 'cli', 'bin', 'podvisor.js');

/** What a finished command printed and how it ended (`code` is 128 + n when killed by signal n). */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run one command with {@link runCommand}. */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly stdin?: string;
  readonly timeoutMs?: number;
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15 };

function exitCode(error: (Error & { code?: unknown; signal?: unknown }) | null): number {
  if (error === null) return 0;
  if (typeof error.code === 'number') return error.code;
  const signal = typeof error.signal === 'string' ? (error.signal as NodeJS.Signals) : undefined;
  return signal === undefined ? 1 : 128 + (signalNumbers[signal] ?? 0);
}

/** Runs `file args` to completion and resolves with what it printed; never rejects. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        resolve({ code: exitCode(error), stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Runs `podvisor <args>` to completion (e.g. `link`, `down`, a refused `up`). */
export function runPodvisor(args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand(process.execPath, [podvisorBin, ...args], { timeoutMs });
}

/** The environment kubectl runs in: the data dir's kubeconfig, a private HOME, `kubectl virt`. */
export function kubectlEnv(kubeconfig: string, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KUBECONFIG: kubeconfig,
    HOME: home,
    PATH: [join(repoRoot, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(delimiter),
  };
}

/** Runs kubectl with `args` (and `stdin`) in the given environment; see {@link kubectlEnv}. */
export type Kubectl = (args: readonly string[], stdin?: string) => Promise<CommandResult>;

/** A {@link Kubectl} bound to a kubeconfig, with its discovery cache under `home` (3 min limit). */
export function kubectlFor(kubeconfig: string, home: string): Kubectl {
  const env = kubectlEnv(kubeconfig, home);
  return (args, stdin) =>
    runCommand('kubectl', args, {
      env,
      timeoutMs: 180_000,
      ...(stdin === undefined ? {} : { stdin }),
    });
}

/** Someone other than the console's own user to sign in as (the console impersonates them). */
export interface LinkIdentity {
  readonly user: string;
  readonly groups?: readonly string[];
}

function identityArgs(identity: LinkIdentity | undefined): string[] {
  if (identity === undefined) return [];
  const groups = identity.groups ?? [];
  return ['--user', identity.user, ...(groups.length > 0 ? ['--groups', groups.join(',')] : [])];
}

/**
 * Runs `podvisor link --data-dir D [--user U --groups G,…]` and returns the fresh one-time sign-in
 * link it prints: for the console's own user, or for `identity`.
 */
export async function signInLinkOf(dataDir: string, identity?: LinkIdentity): Promise<string> {
  const result = await runPodvisor(['link', '--data-dir', dataDir, ...identityArgs(identity)]);
  const link = /^\s*Sign in: (\S+)\s*$/m.exec(result.stdout)?.[1];
  if (result.code !== 0 || link === undefined) {
    throw new Error(
      `podvisor link exited ${result.code} without a "Sign in: <url>" line:\n${result.stdout}${result.stderr}`,
    );
  }
  return link;
}
