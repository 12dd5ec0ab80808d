import { spawn } from 'node:child_process';
import type { Stats } from 'node:fs';
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForText } from './libvirt/test-consoles.ts';
import { followStep, socketGone, virtTail, type VirtTailEnd } from './virt-tail.ts';

const scratch = mkdtempSync(join(tmpdir(), 'podvisor-virt-tail-'));
const tailMain = join(import.meta.dirname, '..', 'cmd', 'virt-tail.ts');

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const stats = (fields: { dev?: number; ino: number; size: number }): Stats =>
  ({ dev: fields.dev ?? 1, ino: fields.ino, size: fields.size }) as Stats;

describe('followStep', () => {
  const followed = { dev: 1, ino: 10, position: 100 };
  it.each([
    ['the same file, grown', stats({ ino: 10, size: 150 }), 'read'],
    ['the same file, unchanged', stats({ ino: 10, size: 100 }), 'read'],
    [
      'the same file, shorter than what was read (truncated)',
      stats({ ino: 10, size: 5 }),
      'rewind',
    ],
    ['another inode under the name (rotated)', stats({ ino: 11, size: 500 }), 'reopen'],
    ['another device under the name', stats({ dev: 2, ino: 10, size: 500 }), 'reopen'],
    ['no file under the name (the old one is read to its end)', undefined, 'read'],
  ])('%s → %s', (_what, current, kind) => {
    expect(followStep(followed, current).kind).toBe(kind);
  });
});

describe('socketGone', () => {
  it.each([
    [false, false, { seen: false, gone: false }],
    [false, true, { seen: true, gone: false }],
    [true, true, { seen: true, gone: false }],
    [true, false, { seen: true, gone: true }],
  ])('seen=%s, exists=%s → %o', (seen, exists, expected) => {
    expect(socketGone(seen, exists)).toEqual(expected);
  });
});

/** A fresh directory with the log and socket paths of one tail. */
function paths(): { logFile: string; launcherSocket: string } {
  const base = mkdtempSync(join(scratch, 'tail-'));
  return { logFile: join(base, 'serial.log'), launcherSocket: join(base, 'launcher.sock') };
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(path, () => {
      resolve(server);
    });
  });
}

/** Runs virtTail in-process, collecting its output. */
function tail(files: { logFile: string; launcherSocket: string }): {
  out: () => string;
  ended: Promise<VirtTailEnd>;
  stop: () => void;
} {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const controller = new AbortController();
  const ended = virtTail({ ...files, output, signal: controller.signal, pollMs: 20 });
  return {
    out: () => Buffer.concat(chunks).toString(),
    ended,
    stop: () => {
      controller.abort();
    },
  };
}

describe('virtTail', () => {
  it('waits for the file, follows appends, truncation and rotation, and ends after the launcher socket came and went', async () => {
    const files = paths();
    const run = tail(files);
    await new Promise((resolve) => setTimeout(resolve, 60));
    writeFileSync(files.logFile, 'banner\n');
    await waitForText({ what: 'the first line', read: run.out, pattern: /banner\n/ });
    const server = await listen(files.launcherSocket);
    appendFileSync(files.logFile, 'shell ready\n');
    await waitForText({ what: 'the appended line', read: run.out, pattern: /shell ready\n/ });

    truncateSync(files.logFile, 0);
    appendFileSync(files.logFile, 'after truncation\n');
    await waitForText({ what: 'the rewritten file', read: run.out, pattern: /after truncation\n/ });

    renameSync(files.logFile, `${files.logFile}.0`);
    appendFileSync(`${files.logFile}.0`, 'last of the old file\n');
    writeFileSync(files.logFile, 'first of the new file\n');
    await waitForText({ what: 'the new file', read: run.out, pattern: /first of the new file\n/ });

    appendFileSync(files.logFile, 'power down\n');
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    expect(await run.ended).toBe('launcher-gone');
    expect(run.out()).toBe(
      'banner\nshell ready\nafter truncation\nlast of the old file\nfirst of the new file\npower down\n',
    );
  });

  it('keeps following while the socket has never existed, and drains the file when stopped', async () => {
    const files = paths();
    writeFileSync(files.logFile, 'one\n');
    const run = tail(files);
    await waitForText({ what: 'the first line', read: run.out, pattern: /one\n/ });
    appendFileSync(files.logFile, 'two\n');
    run.stop();
    expect(await run.ended).toBe('stopped');
    expect(run.out()).toBe('one\ntwo\n');
  });
});

describe('virt-tail (the command)', () => {
  it('streams the log to stdout and exits 0 on SIGTERM', async () => {
    const files = paths();
    writeFileSync(files.logFile, 'Podvisor tiny guest: vm1\n');
    const child = spawn(
      process.execPath,
      [tailMain, '--logfile', files.logFile, '--launcher-socket', files.launcherSocket],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitForText({ what: 'the banner', read: () => out, pattern: /Podvisor tiny guest/ });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toBe('Podvisor tiny guest: vm1\n');
  });

  it('refuses to start without --logfile, naming the flag', async () => {
    const child = spawn(process.execPath, [tailMain, '--launcher-socket', '/nonexistent'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/logfile/i);
  });
});
