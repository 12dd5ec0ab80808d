import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualMachineInstance, Volume } from '@podvisor/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImage } from '../guest-images/index.ts';
import { DiskPreparationError } from './disk-preparation-error.ts';
import { prepareDisks, type PrepareDisksOptions } from './prepare-disks.ts';

const hasTools = (() => {
  try {
    execFileSync('qemu-img', ['--version'], { stdio: 'ignore' });
    execFileSync('genisoimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const scratch = mkdtempSync(join(tmpdir(), 'podvisor-disks-'));
const dataDir = join(scratch, 'data');
let vmCount = 0;

/** A kernel image in the catalog, as `podvisor images build tiny` leaves it. */
function addKernelImage(): void {
  const dir = join(dataDir, 'images', 'tiny');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'vmlinuz'), 'kernel');
  writeFileSync(join(dir, 'initrd.gz'), 'initrd');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      ref: 'podvisor.local/tiny',
      kind: 'kernel',
      kernel: 'vmlinuz',
      initrd: 'initrd.gz',
      cmdline: 'console=ttyS0',
      builtAt: '2026-11-25T00:00:00.000Z',
    }),
  );
}

/** A built disk without a bootloader that names its boot files, as `images build debian` does. */
function addBootableDiskImage(): void {
  const dir = join(dataDir, 'images', 'debian');
  mkdirSync(dir, { recursive: true });
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'disk.qcow2'), '64M']);
  writeFileSync(join(dir, 'vmlinuz'), 'kernel');
  writeFileSync(join(dir, 'initrd.img'), 'initrd');
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      ref: 'podvisor.local/debian',
      kind: 'disk',
      disk: 'disk.qcow2',
      format: 'qcow2',
      virtualSize: 64 << 20,
      source: 'test',
      builtAt: '2026-11-25T00:00:00.000Z',
      kernel: 'vmlinuz',
      initrd: 'initrd.img',
      cmdline: 'root=/dev/vda console=ttyS0',
    }),
  );
}

beforeAll(async () => {
  if (!hasTools) return;
  addKernelImage();
  addBootableDiskImage();
  const base = join(scratch, 'base.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
  await importImage({ reference: 'quay.io/me/disk:1', file: base, dataDir });
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function vmiWith(volumes: Volume[]): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', namespace: 'ns1', uid: '6a1b2c3d-0000-4000-8000-000000000001' },
    spec: { domain: { devices: {} }, volumes },
  };
}

function options(volumes: Volume[], patch: Partial<PrepareDisksOptions> = {}): PrepareDisksOptions {
  vmCount += 1;
  return {
    vmi: vmiWith(volumes),
    dataDir,
    vmDir: join(scratch, `vm${String(vmCount)}`),
    pvcDir: (claim) => join(scratch, 'pvcs', claim),
    ...patch,
  };
}

function qemuImgInfo(path: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('qemu-img', ['info', '--output=json', '-U', path], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
}

function isoFile(iso: string, path: string): string {
  return execFileSync('isoinfo', ['-R', '-x', path, '-i', iso], { encoding: 'utf8' });
}

function isoVolumeId(iso: string): string {
  const info = execFileSync('isoinfo', ['-d', '-i', iso], { encoding: 'utf8' });
  return /^Volume id: (.*)$/m.exec(info)?.[1] ?? '';
}

async function failure(promise: Promise<unknown>): Promise<DiskPreparationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiskPreparationError) return error;
    throw error;
  }
  throw new Error('expected a DiskPreparationError');
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe.skipIf(!hasTools)('prepareDisks', () => {
  it('resolves a kernel image to the catalog’s kernel and a disk image to a qcow2 overlay', async () => {
    const input = options([
      { name: 'boot', containerDisk: { image: 'podvisor.local/tiny:latest' } },
      { name: 'root', containerDisk: { image: 'quay.io/me/disk:1' } },
    ]);
    const { disks, kernelBoot } = await prepareDisks(input);
    expect(disks['boot']).toEqual({
      kind: 'kernel',
      kernel: join(dataDir, 'images', 'tiny', 'vmlinuz'),
      initrd: join(dataDir, 'images', 'tiny', 'initrd.gz'),
      cmdline: 'console=ttyS0',
    });
    const overlay = join(input.vmDir, 'root.qcow2');
    expect(disks['root']).toEqual({ kind: 'file', path: overlay, format: 'qcow2' });
    expect(qemuImgInfo(overlay)).toMatchObject({
      format: 'qcow2',
      'virtual-size': 64 << 20,
      'backing-filename-format': 'qcow2',
      'backing-filename': expect.stringContaining(join(dataDir, 'images')) as unknown,
    });
    expect(mode(overlay)).toBe(0o600);
    expect(mode(input.vmDir)).toBe(0o700);
    expect(kernelBoot).toBeUndefined();
  });

  it('makes a NoCloud cidata ISO with user-data, meta-data and network-config', async () => {
    const input = options([
      {
        name: 'cloudinit',
        cloudInitNoCloud: {
          userDataBase64: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
          networkData: 'version: 2\n',
        },
      },
    ]);
    const { disks } = await prepareDisks(input);
    const iso = join(input.vmDir, 'cloudinit.iso');
    expect(disks['cloudinit']).toEqual({ kind: 'iso', path: iso });
    expect(isoVolumeId(iso)).toBe('cidata');
    expect(isoFile(iso, '/user-data')).toBe('#!/bin/sh\necho hi\n');
    expect(isoFile(iso, '/meta-data')).toBe(
      'instance-id: 6a1b2c3d-0000-4000-8000-000000000001\nlocal-hostname: vm1\n',
    );
    expect(isoFile(iso, '/network-config')).toBe('version: 2\n');
    expect(mode(iso)).toBe(0o600);
  });

  it('makes a config-2 ISO in the OpenStack layout for ConfigDrive', async () => {
    const input = options([{ name: 'cd', cloudInitConfigDrive: { userData: '#cloud-config\n' } }]);
    await prepareDisks(input);
    const iso = join(input.vmDir, 'cd.iso');
    expect(isoVolumeId(iso)).toBe('config-2');
    expect(isoFile(iso, '/openstack/latest/user_data')).toBe('#cloud-config\n');
    expect(JSON.parse(isoFile(iso, '/openstack/latest/meta_data.json'))).toMatchObject({
      hostname: 'vm1',
    });
  });

  it('makes a sparse qcow2 of the capacity for an emptyDisk', async () => {
    const input = options([{ name: 'scratch', emptyDisk: { capacity: '2Gi' } }]);
    const { disks } = await prepareDisks(input);
    const path = join(input.vmDir, 'scratch.qcow2');
    expect(disks['scratch']).toEqual({ kind: 'file', path, format: 'qcow2' });
    expect(qemuImgInfo(path)).toMatchObject({ format: 'qcow2', 'virtual-size': 2 * 1024 ** 3 });
    expect(statSync(path).size).toBeLessThan(1 << 20);
  });

  it('creates a DiskOrCreate hostDisk as a sparse raw file and uses an existing one as is', async () => {
    const created = join(scratch, 'host', 'new', 'disk.img');
    const input = options([
      { name: 'host', hostDisk: { path: created, type: 'DiskOrCreate', capacity: '1Mi' } },
    ]);
    const { disks } = await prepareDisks(input);
    expect(disks['host']).toEqual({ kind: 'file', path: created, format: 'raw' });
    expect(statSync(created).size).toBe(1 << 20);
    const again = await prepareDisks(
      options([{ name: 'host', hostDisk: { path: created, type: 'Disk' } }]),
    );
    expect(again.disks['host']).toEqual({ kind: 'file', path: created, format: 'raw' });
  });

  it('uses a claim’s disk.img, read-only when the volume says so, and overlays it for ephemeral', async () => {
    const claimDir = join(scratch, 'pvcs', 'data');
    mkdirSync(claimDir, { recursive: true });
    writeFileSync(join(claimDir, 'disk.img'), Buffer.alloc(1 << 20));
    const input = options([
      { name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
      { name: 'eph', ephemeral: { persistentVolumeClaim: { claimName: 'data' } } },
    ]);
    const { disks } = await prepareDisks(input);
    expect(disks['data']).toEqual({
      kind: 'file',
      path: join(claimDir, 'disk.img'),
      format: 'raw',
      readonly: true,
    });
    expect(qemuImgInfo(join(input.vmDir, 'eph.qcow2'))).toMatchObject({
      'backing-filename': join(claimDir, 'disk.img'),
      'backing-filename-format': 'raw',
    });
  });

  it('boots the kernel a built disk image names, behind the overlay of its disk', async () => {
    const input = options([{ name: 'root', containerDisk: { image: 'podvisor.local/debian' } }]);
    const { disks, kernelBoot } = await prepareDisks(input);
    expect(disks['root']).toMatchObject({ kind: 'file', format: 'qcow2' });
    expect(kernelBoot).toEqual({
      kind: 'kernel',
      kernel: join(dataDir, 'images', 'debian', 'vmlinuz'),
      initrd: join(dataDir, 'images', 'debian', 'initrd.img'),
      cmdline: 'root=/dev/vda console=ttyS0',
    });
  });

  it('resolves firmware.kernelBoot.container to the catalog’s kernel', async () => {
    const input = options([]);
    input.vmi.spec.domain.firmware = {
      kernelBoot: { container: { image: 'podvisor.local/tiny' } },
    };
    const { kernelBoot } = await prepareDisks(input);
    expect(kernelBoot).toMatchObject({ kind: 'kernel', cmdline: 'console=ttyS0' });
  });

  const rejections: [string, Volume[], string, string, RegExp][] = [
    [
      'an image that is not in the catalog',
      [{ name: 'root', containerDisk: { image: 'quay.io/me/missing:2' } }],
      'spec.volumes[0].containerDisk.image',
      'ErrImagePull',
      /podvisor images import/,
    ],
    [
      'an invalid image reference',
      [{ name: 'root', containerDisk: { image: 'UPPER/Case' } }],
      'spec.volumes[0].containerDisk.image',
      'InvalidImageName',
      /./,
    ],
    [
      'an emptyDisk of no size',
      [{ name: 'e', emptyDisk: { capacity: '0' } }],
      'spec.volumes[0].emptyDisk.capacity',
      'InvalidVolume',
      /not a positive size/,
    ],
    [
      'a missing hostDisk of type Disk',
      [{ name: 'h', hostDisk: { path: '/nonexistent/podvisor.img', type: 'Disk' } }],
      'spec.volumes[0].hostDisk.path',
      'InvalidVolume',
      /does not exist/,
    ],
    [
      'a relative hostDisk path',
      [{ name: 'h', hostDisk: { path: 'disk.img', type: 'DiskOrCreate', capacity: '1Mi' } }],
      'spec.volumes[0].hostDisk.path',
      'InvalidVolume',
      /not an absolute path/,
    ],
    [
      'a claim without disk.img',
      [{ name: 'p', persistentVolumeClaim: { claimName: 'empty' } }],
      'spec.volumes[0].persistentVolumeClaim.claimName',
      'InvalidVolume',
      /claim 'empty' has no disk image/,
    ],
    [
      'a cloud-init secretRef',
      [{ name: 'c', cloudInitNoCloud: { secretRef: { name: 's' } } }],
      'spec.volumes[0].cloudInitNoCloud.secretRef',
      'Unsupported',
      /not supported yet/,
    ],
    [
      'a configMap volume',
      [{ name: 'cm', configMap: { name: 'x' } }],
      'spec.volumes[0].configMap',
      'Unsupported',
      /configMap volumes are not supported yet/,
    ],
    ['a volume with no source', [{ name: 'n' }], 'spec.volumes[0]', 'InvalidVolume', /no source/],
    [
      'a volume name that would escape the VM directory',
      [{ name: '../x', emptyDisk: { capacity: '1Mi' } }],
      'spec.volumes[0].name',
      'InvalidVolume',
      /not a valid volume name/,
    ],
  ];
  it.each(
    rejections.map(([name, volumes, field, reason, message]) => ({
      name,
      volumes,
      field,
      reason,
      message,
    })),
  )(
    'rejects $name, naming the field and the reason',
    async ({ volumes, field, reason, message }) => {
      const error = await failure(prepareDisks(options(volumes)));
      expect(error).toMatchObject({ field, reason });
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(`${field}: `)).toBe(true);
    },
  );

  it('rejects a kernelBoot container that is a disk image', async () => {
    const input = options([]);
    input.vmi.spec.domain.firmware = { kernelBoot: { container: { image: 'quay.io/me/disk:1' } } };
    const error = await failure(prepareDisks(input));
    expect(error.field).toBe('spec.domain.firmware.kernelBoot.container.image');
  });

  it('gives the files to the QEMU owner when one is given', async () => {
    const input = options([{ name: 'scratch', emptyDisk: { capacity: '1Mi' } }], {
      owner: { uid: 4242, gid: 4343 },
    });
    await prepareDisks(input);
    const info = statSync(join(input.vmDir, 'scratch.qcow2'));
    expect([info.uid, info.gid]).toEqual([4242, 4343]);
  });
});
