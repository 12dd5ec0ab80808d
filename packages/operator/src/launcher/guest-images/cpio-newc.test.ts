import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CpioEntry, writeCpioNewc } from './cpio-newc.ts';
import { GuestImageError } from './guest-image-error.ts';

const busybox = '/bin/busybox';
const noBusybox = !existsSync(busybox);
// Only root may create the device node when extracting.
const notRoot = process.getuid?.() !== 0;

const entries: CpioEntry[] = [
  { type: 'directory', path: 'bin' },
  { type: 'file', path: 'bin/hello', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
  { type: 'symlink', path: 'bin/hi', target: 'hello' },
  { type: 'directory', path: 'etc', mode: 0o700 },
  // Sizes 0..4 exercise every padding length after the data.
  ...[0, 1, 2, 3, 4].map((n): CpioEntry => ({
    type: 'file',
    path: `etc/f${n}`,
    data: Buffer.alloc(n, 0x61 + n),
  })),
  { type: 'file', path: 'etc/a-longer-name.conf', data: Buffer.from('x=1\n') },
  { type: 'directory', path: 'dev' },
  { type: 'char-device', path: 'dev/console', major: 5, minor: 1 },
];

let scratch: string | undefined;
afterEach(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function extract(archive: Buffer): string {
  scratch = mkdtempSync(join(tmpdir(), 'cpio-test-'));
  execFileSync(busybox, ['cpio', '-i', '-d', '-m'], {
    cwd: scratch,
    input: archive,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return scratch;
}

describe('writeCpioNewc', () => {
  it.skipIf(noBusybox)('writes an archive whose member list busybox cpio reads', () => {
    const listed = execFileSync(busybox, ['cpio', '-t'], {
      input: writeCpioNewc(entries),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    expect(listed.toString().trim().split('\n')).toEqual(entries.map((e) => e.path));
  });

  it.skipIf(noBusybox || notRoot)(
    'round-trips file contents, modes, symlinks and device nodes through busybox cpio -i',
    () => {
      const root = extract(writeCpioNewc(entries));
      expect(readFileSync(join(root, 'bin/hello'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
      expect(lstatSync(join(root, 'bin/hello')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(root, 'bin/hi'))).toBe('hello');
      expect(lstatSync(join(root, 'etc')).mode & 0o777).toBe(0o700);
      for (const n of [0, 1, 2, 3, 4])
        expect(readFileSync(join(root, `etc/f${n}`))).toEqual(Buffer.alloc(n, 0x61 + n));
      expect(readFileSync(join(root, 'etc/a-longer-name.conf'), 'utf8')).toBe('x=1\n');
      const console = lstatSync(join(root, 'dev/console'));
      expect(console.isCharacterDevice()).toBe(true);
      expect(console.rdev).toBe((5 << 8) | 1);
    },
  );

  it('gives byte-identical archives for the same entries', () => {
    expect(writeCpioNewc(entries).equals(writeCpioNewc(entries))).toBe(true);
  });

  it('keeps every header and body on a 4-byte boundary and ends with the trailer', () => {
    const archive = writeCpioNewc(entries);
    expect(archive.length % 4).toBe(0);
    expect(archive.subarray(0, 6).toString()).toBe('070701');
    expect(archive.includes('TRAILER!!!\0')).toBe(true);
  });

  it('strips a leading ./ or / from member paths', () => {
    const archive = writeCpioNewc([{ type: 'directory', path: './bin' }]);
    const plain = writeCpioNewc([{ type: 'directory', path: 'bin' }]);
    expect(archive.equals(plain)).toBe(true);
  });

  it.each(['', '.', 'a/../b', 'a//b', 'TRAILER!!!'])('refuses the member path %j', (path) => {
    expect(() => writeCpioNewc([{ type: 'directory', path }])).toThrow(GuestImageError);
  });
});
