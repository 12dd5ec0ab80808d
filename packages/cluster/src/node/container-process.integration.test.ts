import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../testing/wait.ts';
import {
  adoptProcess,
  procStartTime,
  startProcess,
  type StartProcessOptions,
} from './container-process.ts';

function options(script: string): StartProcessOptions {
  const dir = mkdtempSync(join(tmpdir(), 'podvisor-process-'));
  return {
    shell: '/bin/busybox',
    argv: ['/bin/busybox', 'sh', '-c', script],
    env: { PATH: '/bin' },
    cwd: dir,
    stdoutFile: join(dir, 'out'),
    stderrFile: join(dir, 'err'),
    stdin: undefined,
    exitFile: join(dir, 'exit'),
  };
}

/** How many processes are in a process group (read from /proc). */
function groupSize(pgid: number): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) count += 1;
    } catch {
      // the process ended meanwhile
    }
  }
  return count;
}

describe('container processes', () => {
  it.each([
    ['exit 0', 0],
    ['exit 7', 7],
    ['kill -KILL $$', 137],
  ])('record how `%s` ended (exit %i), with output in files', async (script, code) => {
    const opts = options(`echo out; echo err >&2; ${script}`);
    const handle = startProcess(opts);
    const exit = await handle.exited;
    expect(exit.exitCode).toBe(code);
    expect(readFileSync(opts.stdoutFile, 'utf8')).toBe('out\n');
    expect(readFileSync(opts.stderrFile, 'utf8')).toBe('err\n');
  });

  it('runs in its own process group, which a signal ends entirely', async () => {
    const handle = startProcess(options('sleep 100 & sleep 100; wait'));
    expect(procStartTime(handle.pid)).toBe(handle.procStart);
    // Let the wrapper start the command: a signal before that reaches only the wrapper, which
    // ignores it (the runner's SIGKILL after the grace period covers that case).
    await until(() => groupSize(handle.pid) >= 3, 'the command to start');
    handle.signalGroup('SIGTERM');
    const exit = await handle.exited;
    expect(exit.exitCode).toBe(143);
  });

  it('is adopted only with the same start time, and its end is noticed with the exit code', async () => {
    const opts = options('sleep 0.3; exit 4');
    const handle = startProcess(opts);
    expect(
      adoptProcess({ pid: handle.pid, procStart: '1', exitFile: opts.exitFile }),
    ).toBeUndefined();
    const adopted = adoptProcess(
      { pid: handle.pid, procStart: handle.procStart, exitFile: opts.exitFile },
      50,
    );
    expect(adopted).toBeDefined();
    expect((await adopted?.exited)?.exitCode).toBe(4);
  });
});
