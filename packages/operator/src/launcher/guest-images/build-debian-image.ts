import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AptPackage,
  fetchAptPackage,
  metapackageTarget,
  showAptPackages,
  StaleAptListsError,
} from './apt-packages.ts';
import type { BuildGuestImageOptions, BuildGuestImageResult } from './build-guest-image.ts';
import {
  type ChrootRun,
  chrootRunner,
  configureDebianRootfs,
  findBootFiles,
} from './configure-debian-rootfs.ts';
import { type DebianRecipe, debianRecipe } from './debian-recipe.ts';
import { GuestImageError } from './guest-image-error.ts';
import { imagesDir } from './image-catalog.ts';
import {
  type DiskImageManifest,
  MANIFEST_FILE,
  readImageManifest,
  writeImageManifest,
} from './image-manifest.ts';
import { LOCAL_REGISTRY } from './image-ref.ts';
import { makeExt4Disk } from './make-ext4-disk.ts';
import { mmdebstrapArgs } from './mmdebstrap-args.ts';
import { recipeHash } from './recipe-hash.ts';
import { runLoggedTool } from './run-logged-tool.ts';
import { runTool } from './run-tool.ts';
import { withFreshAptLists } from './with-fresh-apt-lists.ts';

/** The Debian package that builds the root filesystem; downloaded and unpacked, not installed. */
const MMDEBSTRAP = 'mmdebstrap';
/** File names inside `DATA_DIR/images/debian`. */
const DISK = 'disk.qcow2';
const KERNEL = 'vmlinuz';
const INITRD = 'initrd.img';

interface DebianInputs {
  readonly tool: AptPackage;
  /** The guest's packages as apt resolves them here, the versioned kernel instead of its meta. */
  readonly packages: readonly AptPackage[];
  readonly hash: string;
}

function found(packages: ReadonlyMap<string, AptPackage>, name: string): AptPackage {
  const pkg = packages.get(name);
  if (pkg === undefined) throw new StaleAptListsError(`apt knows no package ${name}`);
  return pkg;
}

/** Everything the recipe does besides its files and packages, as one pseudo-file for the hash. */
function recipeSettings(recipe: DebianRecipe): { path: string; data: string } {
  const { suite, sources, variant, packages, dpkgOptions, remove, commands } = recipe;
  const settings = { suite, sources, variant, packages, dpkgOptions, remove, commands };
  return {
    path: ':settings',
    data: JSON.stringify({ ...settings, label: recipe.rootLabel, size: recipe.diskSizeMiB }),
  };
}

/**
 * The versions apt resolves for mmdebstrap and the guest's packages, and the recipe hash over
 * them (the dependencies mmdebstrap adds are not part of it).
 */
async function resolveDebianInputs(recipe: DebianRecipe): Promise<DebianInputs> {
  const flavour = recipe.kernelMetapackage.slice('linux-image-'.length);
  const all = await showAptPackages([
    MMDEBSTRAP,
    ...recipe.packages,
    `^linux-image-[0-9][0-9.-]*-${flavour}$`,
  ]);
  const meta = found(all, recipe.kernelMetapackage);
  const kernel = await metapackageTarget(meta, { prefix: 'linux-image-', found: all });
  const tool = found(all, MMDEBSTRAP);
  const packages = [
    kernel,
    ...recipe.packages.filter((n) => n !== meta.name).map((n) => found(all, n)),
  ];
  const hash = recipeHash({
    recipe: recipe.name,
    version: recipe.version,
    files: [...recipe.files, recipeSettings(recipe)],
    packages: [tool, ...packages],
    modules: [],
    cmdline: recipe.cmdline,
  });
  return { tool, packages, hash };
}

function currentManifest(dir: string, hash: string): DiskImageManifest | undefined {
  if (!existsSync(join(dir, MANIFEST_FILE))) return undefined;
  try {
    const manifest = readImageManifest(dir);
    if (manifest.kind !== 'disk' || manifest.recipe?.hash !== hash) return undefined;
    const complete = [DISK, KERNEL, INITRD].every((f) => existsSync(join(dir, f)));
    return complete ? manifest : undefined;
  } catch {
    return undefined;
  }
}

function requireRoot(): void {
  if (process.getuid?.() === 0) return;
  throw new GuestImageError(
    'building the debian image needs root: mmdebstrap installs the packages in a chroot, where their maintainer scripts run. Run `sudo podvisor images build debian`.',
  );
}

/** Mount points at or below `dir` (left behind if mmdebstrap was killed mid-build). */
function mountsUnder(dir: string): string[] {
  if (!existsSync('/proc/mounts')) return [];
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) =>
      (line.split(' ')[1] ?? '').replace(/\\([0-7]{3})/g, (_, octal: string) =>
        String.fromCharCode(parseInt(octal, 8)),
      ),
    )
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

/** Removes the scratch directory unless something is still mounted in it (never delete through a mount). */
async function removeWorkDir(work: string, progress: (line: string) => void): Promise<void> {
  const mounts = mountsUnder(work);
  if (mounts.length === 0) {
    await rm(work, { recursive: true, force: true });
    return;
  }
  progress(`left ${work} in place: ${mounts.join(', ')} still mounted; unmount and remove it`);
}

async function installedVersions(
  run: ChrootRun,
  names: readonly string[],
): Promise<Map<string, string>> {
  const output = await run([
    'dpkg-query',
    '--show',
    '--showformat=${Package}\\t${Version}\\n',
    ...names,
  ]);
  return new Map(
    output
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((fields): fields is [string, string] => fields.length === 2),
  );
}

async function runMmdebstrap(options: {
  recipe: DebianRecipe;
  toolDeb: string;
  work: string;
  progress: (line: string) => void;
}): Promise<string> {
  const { recipe, work, progress } = options;
  const tool = join(work, MMDEBSTRAP);
  await runTool('dpkg-deb', ['-x', options.toolDeb, tool]);
  const rootfs = join(work, 'rootfs');
  progress(
    `installing Debian ${recipe.suite} (${recipe.variant}) with ${recipe.packages.join(', ')} using mmdebstrap`,
  );
  const args = mmdebstrapArgs(recipe, {
    target: rootfs,
    hookDir: join(tool, 'usr', 'share', MMDEBSTRAP, 'hooks', 'merged-usr'),
  });
  // mmdebstrap runs its helper mmtarfilter from PATH.
  const path = `${join(tool, 'usr', 'bin')}:${process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`;
  await runLoggedTool(join(tool, 'usr', 'bin', MMDEBSTRAP), args, {
    env: { ...process.env, PATH: path },
    onLine: (line) => {
      // Its steps, without the hook scripts' paths.
      if (line.startsWith('I: ') && !line.startsWith('I: running --'))
        progress(`mmdebstrap: ${line.slice(3)}`);
    },
  });
  return rootfs;
}

interface Assembled {
  readonly kernelVersion: string;
  readonly virtualSize: number;
  readonly installed: ReadonlyMap<string, string>;
}

/** Builds `disk.qcow2`, `vmlinuz` and `initrd.img` in `work`. */
async function assembleDebian(options: {
  recipe: DebianRecipe;
  toolDeb: string;
  work: string;
  progress: (line: string) => void;
}): Promise<Assembled> {
  const { recipe, work, progress } = options;
  const rootfs = await runMmdebstrap(options);
  progress('configuring the guest: hostname, fstab, cloud-init NoCloud, serial getty, root login');
  const run = chrootRunner(rootfs);
  await configureDebianRootfs(rootfs, recipe, run);
  const installed = await installedVersions(run, recipe.packages);
  const boot = findBootFiles(rootfs);
  await copyFile(boot.kernel, join(work, KERNEL));
  await copyFile(boot.initrd, join(work, INITRD));
  progress(`writing a ${recipe.diskSizeMiB} MiB ext4 filesystem and compressing it to qcow2`);
  const { virtualSize } = await makeExt4Disk({
    root: rootfs,
    output: join(work, DISK),
    sizeMiB: recipe.diskSizeMiB,
    label: recipe.rootLabel,
  });
  return { kernelVersion: boot.kernelVersion, virtualSize, installed };
}

/** One line per package whose version in the guest differs from the one the hash was made from. */
export function versionDrift(
  expected: readonly AptPackage[],
  installed: ReadonlyMap<string, string>,
): string[] {
  return expected
    .filter((p) => installed.has(p.name) && installed.get(p.name) !== p.version)
    .map(
      (p) =>
        `note: the guest got ${p.name} ${installed.get(p.name) ?? ''}, apt's lists here say ${p.version} (apt-get update refreshes them)`,
    );
}

async function publish(work: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // Without a manifest the directory is a build in progress to readers of the catalog.
  await rm(join(dir, MANIFEST_FILE), { force: true });
  for (const file of [DISK, KERNEL, INITRD]) await rename(join(work, file), join(dir, file));
}

/**
 * Builds the debian guest image into `DATA_DIR/images/debian` (`disk.qcow2`, `vmlinuz`,
 * `initrd.img`, `manifest.json`): mmdebstrap installs Debian 12 and the recipe's packages into a
 * scratch directory, the recipe configures it, `mke2fs -d` and `qemu-img convert` turn it into a
 * compressed qcow2 holding one ext4 filesystem, booted with the kernel and initramfs kept beside
 * it. Nothing is rebuilt when the recipe hash matches. Needs root (chroot) and Debian's apt
 * repositories; fails with a GuestImageError that names the cause.
 */
export async function buildDebianImage(
  options: BuildGuestImageOptions,
): Promise<BuildGuestImageResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  const recipe = debianRecipe();
  const root = imagesDir(options.dataDir);
  const dir = join(root, recipe.name);
  const cacheDir = options.cacheDir ?? join(root, '.cache');
  progress(`resolving ${MMDEBSTRAP} and the guest's packages with apt-cache`);
  const prepared = await withFreshAptLists(async () => {
    const inputs = await resolveDebianInputs(recipe);
    const existing = options.force === true ? undefined : currentManifest(dir, inputs.hash);
    if (existing !== undefined) return { inputs, existing, toolDeb: '', downloaded: [] };
    requireRoot();
    const got = await fetchAptPackage(inputs.tool, {
      cacheDir,
      onDownload: (p) => {
        progress(`downloading ${p.name} ${p.version}`);
      },
    });
    return { inputs, existing, toolDeb: got.path, downloaded: got.downloaded ? [MMDEBSTRAP] : [] };
  }, progress);
  const { inputs, existing } = prepared;
  if (existing !== undefined) {
    progress(`${recipe.name} is up to date (recipe ${inputs.hash.slice(0, 12)})`);
    return { manifest: existing, dir, upToDate: true, downloaded: [] };
  }
  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(join(root, '.build-debian-'));
  let built: Assembled;
  try {
    built = await assembleDebian({ recipe, toolDeb: prepared.toolDeb, work, progress });
    for (const line of versionDrift(inputs.packages, built.installed)) progress(line);
    await publish(work, dir);
  } finally {
    await removeWorkDir(work, progress);
  }
  const manifest: DiskImageManifest = {
    ref: `${LOCAL_REGISTRY}/${recipe.name}`,
    kind: 'disk',
    disk: DISK,
    format: 'qcow2',
    virtualSize: built.virtualSize,
    source: `podvisor images build ${recipe.name} (mmdebstrap, Debian ${recipe.suite})`,
    builtAt: new Date().toISOString(),
    kernel: KERNEL,
    initrd: INITRD,
    cmdline: recipe.cmdline,
    kernelVersion: built.kernelVersion,
    recipe: { name: recipe.name, version: recipe.version, hash: inputs.hash },
    packages: [inputs.tool, ...inputs.packages].map((p) => ({
      name: p.name,
      version: p.version,
      sha256: p.sha256,
    })),
  };
  writeImageManifest(dir, manifest);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { manifest, dir, upToDate: false, downloaded: prepared.downloaded };
}
