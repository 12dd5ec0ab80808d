import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { DebianRecipe } from './debian-recipe.ts';
import { GuestImageError } from './guest-image-error.ts';
import { runLoggedTool } from './run-logged-tool.ts';

/** Runs one command inside the root filesystem (chroot) and resolves with its stdout. */
export type ChrootRun = (command: readonly string[]) => Promise<string>;

/** The kernel and initramfs a root filesystem's /boot holds, as absolute paths. */
export interface BootFiles {
  readonly kernel: string;
  readonly initrd: string;
  /** `6.1.0-56-cloud-amd64`. */
  readonly kernelVersion: string;
}

/** A fixed environment for commands in the guest: the host's PATH and locale mean nothing there. */
const chrootEnv = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root' };

/** Runs commands in `root` with `chroot` (root only) and a fixed environment. */
export function chrootRunner(root: string): ChrootRun {
  return async (command) =>
    (await runLoggedTool('chroot', [root, ...command], { env: chrootEnv })).stdout;
}

/**
 * The absolute path of `relative` inside `root`, refusing a path that leaves `root` or passes
 * through a symbolic link (which would point into the build host), and making missing parents.
 */
function insideRoot(root: string, relative: string): string {
  const clean = normalize(relative);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`))
    throw new GuestImageError(`${relative}: not a path inside the guest's root filesystem`);
  const parts = clean.split(sep);
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    if (!existsSync(dir)) mkdirSync(dir);
    else if (!lstatSync(dir).isDirectory())
      throw new GuestImageError(`${dir}: not a directory (a symbolic link?) in the guest`);
  }
  return join(root, clean);
}

/**
 * Configures an installed Debian root filesystem for the recipe: removes `recipe.remove`,
 * writes `recipe.files` (replacing files or links, never writing through a link), then runs
 * `recipe.commands` in order with `run` (default: chroot into `root`).
 */
export async function configureDebianRootfs(
  root: string,
  recipe: DebianRecipe,
  run: ChrootRun = chrootRunner(root),
): Promise<void> {
  for (const path of recipe.remove) await rm(insideRoot(root, path), { force: true });
  for (const file of recipe.files) {
    const target = insideRoot(root, file.path);
    await rm(target, { force: true });
    await writeFile(target, file.data, { flag: 'wx', mode: file.mode });
    await chmod(target, file.mode);
  }
  for (const command of recipe.commands) await run(command);
}

/**
 * The one kernel (`boot/vmlinuz-VERSION`) and its initramfs (`boot/initrd.img-VERSION`) in a
 * root filesystem; anything else is a GuestImageError naming what was found.
 */
export function findBootFiles(root: string): BootFiles {
  const boot = join(root, 'boot');
  const names = existsSync(boot) ? readdirSync(boot) : [];
  const kernels = names.filter((n) => n.startsWith('vmlinuz-'));
  const [kernel] = kernels;
  if (kernel === undefined || kernels.length > 1)
    throw new GuestImageError(
      `${boot}: expected one vmlinuz-VERSION, found ${kernels.length === 0 ? 'none' : kernels.join(', ')}`,
    );
  const kernelVersion = kernel.slice('vmlinuz-'.length);
  const initrd = `initrd.img-${kernelVersion}`;
  if (!names.includes(initrd))
    throw new GuestImageError(`${boot}: ${kernel} has no ${initrd} (did update-initramfs run?)`);
  return { kernel: join(boot, kernel), initrd: join(boot, initrd), kernelVersion };
}
