import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { IpStep } from './network-plans.ts';

/** How an `ip` command ended. */
export interface IpResult {
  /** The exit code; -1 when `ip` could not be started. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ip` with an argument list; resolves (never rejects) with how it ended. */
export type IpRunner = (args: readonly string[]) => Promise<IpResult>;

/** An `ip` command of a network plan failed; the message names the command and its stderr. */
export class NetworkCommandError extends Error {
  /** The command line, as one string (`ip -n podvisor-x link add …`). */
  readonly command: string;
  readonly exitCode: number;
  readonly stderr: string;

  constructor(command: string, result: IpResult) {
    const why = result.stderr.trim() === '' ? `exit code ${result.code}` : result.stderr.trim();
    super(`${command} failed: ${why}`);
    this.name = 'NetworkCommandError';
    this.command = command;
    this.exitCode = result.code;
    this.stderr = result.stderr;
  }
}

/** `/usr/sbin/ip` where it exists (a node agent's PATH may lack /usr/sbin), else `ip` on the PATH. */
export function defaultIpBinary(): string {
  return existsSync('/usr/sbin/ip') ? '/usr/sbin/ip' : 'ip';
}

/** An {@link IpRunner} that runs the real `ip` binary with `execFile` (no shell). */
export function ipRunner(binary: string = defaultIpBinary()): IpRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile(binary, [...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error === null) {
          resolve({ code: 0, stdout, stderr });
          return;
        }
        if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else if (typeof error.signal === 'string')
          resolve({ code: 128, stdout, stderr: `${stderr}killed by ${error.signal}` });
        else resolve({ code: -1, stdout, stderr: `could not run ${binary}: ${error.message}` });
      });
    });
}

/** `ip a b c` for messages. */
export function ipCommandLine(args: readonly string[]): string {
  return ['ip', ...args].join(' ');
}

/** Runs `ip args`; throws {@link NetworkCommandError} unless it exits 0. */
export async function runIp(run: IpRunner, args: readonly string[]): Promise<IpResult> {
  const result = await run(args);
  if (result.code !== 0) throw new NetworkCommandError(ipCommandLine(args), result);
  return result;
}

/**
 * Runs a plan's steps in order: a guarded step only when its probe finds the object in the
 * state the guard names. Stops at the first failing step with a {@link NetworkCommandError}.
 * Returns the command lines that ran (skipped steps left out).
 */
export async function runIpPlan(plan: readonly IpStep[], run: IpRunner): Promise<string[]> {
  const ran: string[] = [];
  for (const step of plan) {
    if (step.guard !== undefined) {
      const probe = await run(step.guard.probe);
      if (probe.code === -1) throw new NetworkCommandError(ipCommandLine(step.guard.probe), probe);
      const present = probe.code === 0;
      if (present !== (step.guard.runWhen === 'present')) continue;
    }
    await runIp(run, step.args);
    ran.push(ipCommandLine(step.args));
  }
  return ran;
}
