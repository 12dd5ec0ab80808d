import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from '../testing/wait.ts';
import {
  cgroupProcesses,
  containerCgroupDir,
  createCgroup,
  defaultCgroupRoot,
  removePodCgroups,
  usableCgroupRoot,
} from './container-cgroup.ts';
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

const cgroupRoot = usableCgroupRoot(defaultCgroupRoot);

describe.runIf(cgroupRoot !== undefined)(
  'container processes in a cgroup (root, cgroup v1 pids)',
  () => {
    it('take every process they start, daemons too, down with them when they end', async () => {
      const root = cgroupRoot ?? '';
      const podUid = randomUUID();
      const cgroup = containerCgroupDir(root, podUid, 'c');
      expect(createCgroup(cgroup)).toBe(true);
      const opts = {
        ...options('(setsid sleep 100 &); setsid sleep 100 & sleep 0.3'),
        cgroup,
      };
      const handle = startProcess(opts);
      await until(() => cgroupProcesses(cgroup).length >= 4, 'the daemon and its siblings');
      expect(cgroupProcesses(cgroup)).toContain(handle.pid);
      const exit = await handle.exited;
      expect(exit.exitCode).toBe(0);
      expect(cgroupProcesses(cgroup)).toEqual([]);
      removePodCgroups(root, podUid);
      expect(existsSync(cgroup)).toBe(false);
    });
  },
);

describe.runIf(cgroupRoot !== undefined)('container processes in a pod netns (root)', () => {
  it('run inside the netns, with its own resolv.conf, and still join their cgroup', async () => {
    const netns = `pvtest-proc-${String(process.pid)}`;
    const etcDir = join('/etc/netns', netns);
    execFileSync('ip', ['netns', 'add', netns]);
    try {
      mkdirSync(etcDir, { recursive: true });
      writeFileSync(join(etcDir, 'resolv.conf'), 'nameserver 10.96.0.10\n');
      const root = cgroupRoot ?? '';
      const podUid = randomUUID();
      const cgroup = containerCgroupDir(root, podUid, 'c');
      expect(createCgroup(cgroup)).toBe(true);
      // Only `lo` (down) exists in a fresh netns; the machine's netns has more.
      const opts = { ...options('cat /proc/net/dev /etc/resolv.conf; sleep 0.3'), cgroup, netns };
      const handle = startProcess(opts);
      await until(() => cgroupProcesses(cgroup).includes(handle.pid), 'the process in its cgroup');
      expect((await handle.exited).exitCode).toBe(0);
      const out = readFileSync(opts.stdoutFile, 'utf8');
      const interfaces = out.split('\n').filter((line) => /^\s*\w+:/.test(line));
      expect(interfaces.map((line) => line.trim().split(':')[0])).toEqual(['lo']);
      expect(out).toContain('nameserver 10.96.0.10');
      removePodCgroups(root, podUid);
    } finally {
      execFileSync('ip', ['netns', 'del', netns]);
      rmSync(etcDir, { recursive: true, force: true });
    }
  });
});
