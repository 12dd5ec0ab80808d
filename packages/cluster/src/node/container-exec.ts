import { spawn } from 'node:child_process';
import { execArgv } from './container-command.ts';
import { runInNetns } from './network/run-in-netns.ts';
import type { ExecSession } from './container-access.ts';
import type { ExecContext } from './pod-record.ts';
import { constants } from 'node:os';

/**
 * Starts a command in a container (`kubectl exec`): the container's env, working directory and
 * runtime, in its own process group (killed with the pod). TTY sessions run without a pty.
 */
export function spawnExec(ctx: ExecContext, command: readonly string[]): ExecSession {
  const [command0, ...rest] = execArgv(ctx, command);
  if (command0 === undefined) throw new Error('exec needs a command');
  const { file, args } =
    ctx.netns === undefined
      ? { file: command0, args: rest }
      : runInNetns(ctx.netns, command0, rest);
  const child = spawn(file, args, {
    cwd: ctx.cwd,
    env: ctx.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exit = new Promise<number>((resolve) => {
    child.once('error', () => {
      resolve(126);
    });
    child.once('close', (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 9 : constants.signals[signal]));
    });
  });
  child.stdin.on('error', () => undefined);
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    exit,
    kill: () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** Runs a command in a container to completion (exec probes), killing it after `timeoutMs`. */
export async function execOnce(
  ctx: ExecContext,
  command: readonly string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string }> {
  const session = spawnExec(ctx, command);
  session.stdin.end();
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < 10_240) output += chunk.toString('utf8');
  };
  session.stdout.on('data', collect);
  session.stderr.on('data', collect);
  const timer = setTimeout(() => {
    session.kill();
  }, timeoutMs);
  try {
    const exitCode = await session.exit;
    return { exitCode, output };
  } finally {
    clearTimeout(timer);
  }
}
