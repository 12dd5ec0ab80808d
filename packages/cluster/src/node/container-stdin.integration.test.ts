import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { until } from '../testing/wait.ts';
import { startProcess, type ProcessHandle } from './container-process.ts';
import {
  closeContainerStdin,
  isStdinOpen,
  openStdinWriter,
  type ContainerStdin,
} from './container-stdin.ts';

interface Started {
  readonly handle: ProcessHandle;
  readonly stdin: ContainerStdin;
  readonly output: () => string;
}

/** A container process with stdin that echoes each line it reads, then `EOF` at end-of-file. */
function startReader(): Started {
  const dir = mkdtempSync(join(tmpdir(), 'podvisor-stdin-'));
  const stdin = { fifo: join(dir, 'stdin'), keeperFile: join(dir, 'keeper') };
  spawnSync('/bin/busybox', ['mkfifo', '-m', '600', stdin.fifo]);
  const stdoutFile = join(dir, 'out');
  const handle = startProcess({
    shell: '/bin/busybox',
    argv: ['/bin/busybox', 'sh', '-c', 'while read l; do echo "got $l"; done; echo EOF'],
    env: { PATH: '/bin' },
    cwd: dir,
    stdoutFile,
    stderrFile: join(dir, 'err'),
    stdin,
    exitFile: join(dir, 'exit'),
  });
  return { handle, stdin, output: () => readFileSync(stdoutFile, 'utf8') };
}

function writer(started: Started): Writable {
  const stream = openStdinWriter(started.stdin);
  if (stream === undefined) throw new Error('no writer');
  return stream;
}

describe("a container's stdin", () => {
  it('stays open between attach sessions, and ends when the node closes it', async () => {
    const started = startReader();
    await until(() => isStdinOpen(started.stdin, started.handle.pid), 'the keeper');
    writer(started).end('one\n');
    await until(() => started.output().includes('got one\n'), 'the first line');
    writer(started).end('two\n');
    await until(() => started.output().includes('got two\n'), 'the second line');
    expect(started.output()).not.toContain('EOF');
    await closeContainerStdin(started.stdin, started.handle.pid);
    expect((await started.handle.exited).exitCode).toBe(0);
    expect(started.output()).toBe('got one\ngot two\nEOF\n');
  });

  it('is closed at once by a close that comes before the keeper was recorded', async () => {
    const started = startReader();
    await closeContainerStdin(started.stdin, started.handle.pid);
    expect((await started.handle.exited).exitCode).toBe(0);
    expect(started.output()).toBe('EOF\n');
    expect(isStdinOpen(started.stdin, started.handle.pid)).toBe(false);
  });

  it('ends the input whenever the close comes, even between the keeper starting and the process reading', async () => {
    const runs = Array.from({ length: 12 }, async (_, index) => {
      const started = startReader();
      await new Promise((resolve) => setTimeout(resolve, index % 4));
      await closeContainerStdin(started.stdin, started.handle.pid);
      expect((await started.handle.exited).exitCode).toBe(0);
      expect(started.output()).toBe('EOF\n');
    });
    await Promise.all(runs);
  });

  it('gives no writer once nothing reads it', async () => {
    const started = startReader();
    await closeContainerStdin(started.stdin, started.handle.pid);
    await started.handle.exited;
    expect(openStdinWriter(started.stdin)).toBeUndefined();
  });
});
