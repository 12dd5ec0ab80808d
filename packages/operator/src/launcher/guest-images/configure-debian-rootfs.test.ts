import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureDebianRootfs, findBootFiles } from './configure-debian-rootfs.ts';
import { type DebianRecipe, debianRecipe } from './debian-recipe.ts';
import { GuestImageError } from './guest-image-error.ts';

let scratch: string;
let root: string;
let outside: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'debian-rootfs-'));
  root = join(scratch, 'rootfs');
  outside = join(scratch, 'host-file');
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(outside, 'the build host\n');
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function recipeWith(changes: Partial<DebianRecipe>): DebianRecipe {
  return { ...debianRecipe(), ...changes };
}

const hostname = { path: 'etc/hostname', data: Buffer.from('debian\n'), mode: 0o644 };

describe('configureDebianRootfs', () => {
  it("writes the recipe's files with their modes, making missing directories", async () => {
    const commands: (readonly string[])[] = [];
    await configureDebianRootfs(root, debianRecipe(), (c) => {
      commands.push(c);
      return Promise.resolve('');
    });
    const cfg = join(root, 'etc/cloud/cloud.cfg.d/90-podvisor.cfg');
    expect(readFileSync(cfg, 'utf8')).toContain('datasource_list: [ NoCloud, None ]');
    expect(statSync(cfg).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('debian\n');
    expect(commands).toEqual(debianRecipe().commands);
  });

  it('removes what the recipe removes and replaces a link instead of writing through it', async () => {
    symlinkSync(outside, join(root, 'etc/resolv.conf'));
    symlinkSync(outside, join(root, 'etc/hostname'));
    const recipe = recipeWith({ files: [hostname], remove: ['etc/resolv.conf'], commands: [] });
    await configureDebianRootfs(root, recipe, () => Promise.resolve(''));
    expect(() => lstatSync(join(root, 'etc/resolv.conf'))).toThrow(/ENOENT/);
    expect(lstatSync(join(root, 'etc/hostname')).isFile()).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe('the build host\n');
  });

  it('refuses a directory that is a link out of the guest, naming it', async () => {
    symlinkSync(scratch, join(root, 'etc/cloud'));
    const file = { path: 'etc/cloud/x.cfg', data: Buffer.from('x\n'), mode: 0o644 };
    const run = configureDebianRootfs(root, recipeWith({ files: [file], remove: [] }), () =>
      Promise.resolve(''),
    );
    await expect(run).rejects.toThrow(GuestImageError);
    await expect(run).rejects.toThrow(`${join(root, 'etc/cloud')}: not a directory`);
  });

  it.each(['../escape', '/etc/passwd'])(
    'refuses the path %s, which leaves the guest',
    async (path) => {
      const file = { path, data: Buffer.from('x\n'), mode: 0o644 };
      const run = configureDebianRootfs(root, recipeWith({ files: [file], remove: [] }), () =>
        Promise.resolve(''),
      );
      await expect(run).rejects.toThrow(`${path}: not a path inside the guest's root filesystem`);
    },
  );
});

describe('findBootFiles', () => {
  function boot(names: readonly string[]): void {
    mkdirSync(join(root, 'boot'), { recursive: true });
    for (const name of names) writeFileSync(join(root, 'boot', name), name);
  }

  it('finds the kernel and the initramfs of the same version', () => {
    boot(['vmlinuz-6.1.0-56-cloud-amd64', 'initrd.img-6.1.0-56-cloud-amd64', 'config-6.1.0-56']);
    expect(findBootFiles(root)).toEqual({
      kernel: join(root, 'boot/vmlinuz-6.1.0-56-cloud-amd64'),
      initrd: join(root, 'boot/initrd.img-6.1.0-56-cloud-amd64'),
      kernelVersion: '6.1.0-56-cloud-amd64',
    });
  });

  it.each<[string, string[], RegExp]>([
    ['no kernel', ['initrd.img-6.1'], /expected one vmlinuz-VERSION, found none/],
    ['two kernels', ['vmlinuz-6.1', 'vmlinuz-6.12'], /found vmlinuz-6\.1, vmlinuz-6\.12/],
    ['no initramfs', ['vmlinuz-6.1', 'initrd.img-6.12'], /vmlinuz-6\.1 has no initrd\.img-6\.1/],
  ])('refuses a /boot with %s', (_, names, message) => {
    boot(names);
    expect(() => findBootFiles(root)).toThrow(message);
  });
});
