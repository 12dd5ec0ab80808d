import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeExt4Disk } from './make-ext4-disk.ts';
import { ToolFailure } from './run-tool.ts';

const hasTools = (() => {
  try {
    execFileSync('qemu-img', ['--version'], { stdio: 'ignore' });
    execFileSync('/sbin/mke2fs', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const scratch = mkdtempSync(join(tmpdir(), 'ext4-disk-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function debugfs(image: string, request: string): string {
  return execFileSync('/sbin/debugfs', ['-R', request, image], { stdio: 'pipe' }).toString();
}

describe.skipIf(!hasTools)('makeExt4Disk', () => {
  it('makes a qcow2 disk whose ext4 filesystem holds the directory, labelled', async () => {
    const root = join(scratch, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc', 'hostname'), 'debian\n');
    symlinkSync('usr/bin', join(root, 'bin'));
    const output = join(scratch, 'disk.qcow2');
    const made = await makeExt4Disk({ root, output, sizeMiB: 16, label: 'podvisor-root' });
    expect(made).toEqual({ virtualSize: 16 * 1024 * 1024 });
    const info: unknown = JSON.parse(
      execFileSync('qemu-img', ['info', '--output=json', output]).toString(),
    );
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': 16 * 1024 * 1024 });
    const raw = join(scratch, 'check.raw');
    execFileSync('qemu-img', ['convert', '-O', 'raw', output, raw]);
    expect(debugfs(raw, 'cat /etc/hostname')).toBe('debian\n');
    expect(debugfs(raw, 'stat /bin')).toMatch(/Fast link dest: "usr\/bin"/);
    expect(execFileSync('/sbin/e2label', [raw]).toString()).toBe('podvisor-root\n');
  });

  it('fails with the mke2fs error when the directory does not fit, leaving no scratch file', async () => {
    const root = join(scratch, 'big');
    mkdirSync(root);
    writeFileSync(join(root, 'blob'), Buffer.alloc(3 * 1024 * 1024, 1));
    const output = join(scratch, 'small.qcow2');
    const made = makeExt4Disk({ root, output, sizeMiB: 2, label: 'x' });
    await expect(made).rejects.toThrow(ToolFailure);
    await expect(made).rejects.toThrow(/mke2fs/);
    expect(() => execFileSync('ls', [`${output}.raw`], { stdio: 'pipe' })).toThrow();
  });
});
