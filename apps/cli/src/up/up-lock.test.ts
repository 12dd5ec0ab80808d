import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlreadyRunningError, claimDataDir, runningUpPid, upPidFile } from './up-lock.ts';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'podvisor-up-lock-'));

/** A process whose command line looks like `podvisor.js up` (what a running `up` shows). */
function fakeUp(): { pid: number; stop: () => void } {
  const child = spawn(process.execPath, [
    '-e',
    'setTimeout(() => {}, 60_000)',
    'podvisor.js',
    'up',
  ]);
  return { pid: child.pid ?? 0, stop: () => child.kill('SIGKILL') };
}

describe('claimDataDir', () => {
  it('records this process and removes the record on release', () => {
    const dir = fresh();
    const release = claimDataDir(dir);
    expect(readFileSync(upPidFile(dir), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(() => readFileSync(upPidFile(dir))).toThrow();
  });

  it('refuses a data dir that a live `up` holds, naming its pid and how to stop it', () => {
    const dir = fresh();
    const other = fakeUp();
    try {
      writeFileSync(upPidFile(dir), `${String(other.pid)}\n`);
      expect(runningUpPid(dir)).toBe(other.pid);
      expect(() => claimDataDir(dir)).toThrow(AlreadyRunningError);
      expect(() => claimDataDir(dir)).toThrow(/pid \d+.*podvisor down --data-dir/s);
    } finally {
      other.stop();
    }
  });

  it.each([
    ['a pid that no longer exists', '999999999'],
    ['a pid of a process that is not `podvisor up`', String(process.ppid)],
    ['garbage', 'not a pid'],
  ])('takes over a data dir whose record holds %s (an `up` killed with -9)', (_what, content) => {
    const dir = fresh();
    writeFileSync(upPidFile(dir), content);
    expect(runningUpPid(dir)).toBeUndefined();
    claimDataDir(dir)();
  });
});
