import { describe, expect, it } from 'vitest';
import type { IpStep } from './network-plans.ts';
import {
  ipRunner,
  NetworkCommandError,
  runIpPlan,
  type IpResult,
  type IpRunner,
} from './run-ip-plan.ts';

/** A runner whose probes and commands answer from a table (exit 0 unless listed); records calls. */
function fakeRunner(answers: Record<string, IpResult> = {}): IpRunner & { calls: string[] } {
  const calls: string[] = [];
  const run = (args: readonly string[]): Promise<IpResult> => {
    const line = args.join(' ');
    calls.push(line);
    return Promise.resolve(answers[line] ?? { code: 0, stdout: '', stderr: '' });
  };
  return Object.assign(run, { calls });
}

const missing: IpResult = { code: 1, stdout: '', stderr: 'Cannot open network namespace' };

const plan: IpStep[] = [
  { args: ['netns', 'add', 'n'], guard: { probe: ['probe', 'n'], runWhen: 'absent' } },
  { args: ['netns', 'del', 'm'], guard: { probe: ['probe', 'm'], runWhen: 'present' } },
  { args: ['-n', 'n', 'link', 'set', 'dev', 'lo', 'up'] },
];

describe('runIpPlan', () => {
  it.each([
    ['both absent', { 'probe n': missing, 'probe m': missing }, ['ip netns add n']],
    ['both present', {}, ['ip netns del m']],
    ['n absent, m present', { 'probe n': missing }, ['ip netns add n', 'ip netns del m']],
  ])('runs guarded steps by their probes (%s)', async (_, answers, guarded) => {
    const run = fakeRunner(answers);
    const ran = await runIpPlan(plan, run);
    expect(ran).toEqual([...guarded, 'ip -n n link set dev lo up']);
  });

  it('stops at the first failing command with an error naming it and its stderr', async () => {
    const run = fakeRunner({
      'probe n': missing,
      'netns add n': { code: 1, stdout: '', stderr: 'Cannot create namespace file: File exists\n' },
    });
    const error = await runIpPlan(plan, run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkCommandError);
    expect(error).toMatchObject({
      command: 'ip netns add n',
      exitCode: 1,
      message: 'ip netns add n failed: Cannot create namespace file: File exists',
    });
    expect(run.calls).toEqual(['probe n', 'netns add n']);
  });

  it('fails when a probe cannot run at all instead of guessing the state', async () => {
    const run = fakeRunner({
      'probe n': { code: -1, stdout: '', stderr: 'could not run ip: ENOENT' },
    });
    await expect(runIpPlan(plan, run)).rejects.toThrow(
      /ip probe n failed: could not run ip: ENOENT/,
    );
  });
});

describe('ipRunner', () => {
  it('reports a binary that does not exist as exit -1 with the cause', async () => {
    const result = await ipRunner('/nonexistent/ip')(['netns', 'list']);
    expect(result.code).toBe(-1);
    expect(result.stderr).toMatch(/could not run \/nonexistent\/ip: .*ENOENT/);
  });

  it('reports a failing command with its exit code and stderr', async () => {
    const result = await ipRunner('/bin/sh')(['-c', 'echo oops >&2; exit 3']);
    expect(result).toEqual({ code: 3, stdout: '', stderr: 'oops\n' });
  });
});
