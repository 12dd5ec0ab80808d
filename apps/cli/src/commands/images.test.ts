import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imagesTable, runImages } from './images.ts';
import { captureIo as capture } from '../testing/capture-io.ts';

const hasQemuImg = (() => {
  try {
    execFileSync('qemu-img', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'images-cli-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('podvisor images', () => {
  it('says how to build an image when the catalog is empty', async () => {
    const { io, out } = capture();
    expect(await runImages(['list'], io, { dataDir, force: false })).toBe(0);
    expect(out()).toContain('podvisor images build tiny');
  });

  it.skipIf(!hasQemuImg)('imports a qcow2 file and lists it', async () => {
    const file = join(dataDir, 'src.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '1G']);
    const imported = capture();
    const config = { dataDir, force: false };
    expect(await runImages(['import', 'quay.io/me/disk:1', file], imported.io, config)).toBe(0);
    expect(imported.out()).toMatch(/^Imported quay\.io\/me\/disk:1 \(qcow2, 1\.0 GiB virtual\)/);
    const listed = capture();
    expect(await runImages(['list'], listed.io, config)).toBe(0);
    expect(listed.out()).toMatch(/^REF\s+KIND\s+SIZE\s+BUILT\n/);
    expect(listed.out()).toMatch(
      /^quay\.io\/me\/disk:1\s+disk\s+\d+\.\d KiB\s+\d{4}-\d\d-\d\d \d\d:\d\dZ$/m,
    );
  });

  it('refuses to import a file that is not a disk image, naming it', async () => {
    const file = join(dataDir, 'notes.txt');
    writeFileSync(file, 'just text\n');
    const { io, err } = capture();
    expect(await runImages(['import', 'r.io/x', file], io, { dataDir, force: false })).toBe(1);
    expect(err()).toContain(`podvisor images: ${file}: not a disk image`);
  });

  it('refuses to build an image without a recipe, naming the ones it can build', async () => {
    const { io, err } = capture();
    expect(await runImages(['build', 'windows'], io, { dataDir, force: false })).toBe(1);
    expect(err()).toContain('no recipe for an image named "windows" (buildable: tiny, debian)');
  });

  it.each([
    [['frobnicate']],
    [['import', 'r.io/x']],
    [['build', 'tiny', 'extra']],
    [['list', 'x']],
  ])('rejects the arguments %j with the usage', async (args) => {
    const { io, err } = capture();
    expect(await runImages(args, io, { dataDir, force: false })).toBe(2);
    expect(err()).toContain(
      'Usage: podvisor images [build [tiny|debian] | list | import REF FILE]',
    );
  });
});

describe('imagesTable', () => {
  it('aligns REF, KIND, SIZE and BUILT columns', () => {
    const table = imagesTable([
      {
        kind: 'kernel',
        ref: 'podvisor.local/tiny',
        kernel: '/k',
        initrd: '/i',
        cmdline: '',
        size: 15_923_294,
        builtAt: '2026-11-25T20:35:12.345Z',
      },
      {
        kind: 'disk',
        ref: 'r.io/d',
        path: '/d',
        format: 'raw',
        virtualSize: 1,
        size: 512,
        builtAt: '2026-11-25T08:00:00.000Z',
      },
    ]);
    expect(table).toBe(
      [
        'REF                   KIND     SIZE       BUILT',
        'podvisor.local/tiny   kernel   15.2 MiB   2026-11-25 20:35Z',
        'r.io/d                disk     512 B      2026-11-25 08:00Z',
        '',
      ].join('\n'),
    );
  });
});
