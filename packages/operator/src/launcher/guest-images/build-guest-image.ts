import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  type AptPackage,
  fetchAptPackage,
  metapackageTarget,
  showAptPackages,
  StaleAptListsError,
} from './apt-packages.ts';
import { buildDebianImage } from './build-debian-image.ts';
import { writeCpioNewc } from './cpio-newc.ts';
import { GuestImageError } from './guest-image-error.ts';
import { imagesDir } from './image-catalog.ts';
import {
  type ImageManifest,
  type KernelImageManifest,
  MANIFEST_FILE,
  readImageManifest,
  writeImageManifest,
} from './image-manifest.ts';
import { LOCAL_REGISTRY } from './image-ref.ts';
import { recipeHash } from './recipe-hash.ts';
import { resolveKernelModules } from './kernel-modules.ts';
import { runTool } from './run-tool.ts';
import { type TinyRecipe, tinyRecipe } from './tiny-recipe.ts';
import { tinyRootfsEntries } from './tiny-rootfs-entries.ts';
import { withFreshAptLists } from './with-fresh-apt-lists.ts';

/** The images `buildGuestImage` knows how to build. */
export const buildableImages = ['tiny', 'debian'] as const;

/** What `buildGuestImage` builds, where, and whom it tells. */
export interface BuildGuestImageOptions {
  readonly name: string;
  readonly dataDir: string;
  /** Where downloaded .debs are kept; default `DATA_DIR/images/.cache`. */
  readonly cacheDir?: string;
  /** Rebuild even if the recipe hash is unchanged. */
  readonly force?: boolean;
  /** Receives one line per step (`downloading …`, `writing initrd`, `done in 2.9 s`). */
  readonly progress?: (line: string) => void;
}

/** The outcome of a build. */
export interface BuildGuestImageResult {
  /** `kind: 'kernel'` for tiny, `kind: 'disk'` (with kernel, initrd and cmdline) for debian. */
  readonly manifest: ImageManifest;
  /** The image directory, `DATA_DIR/images/NAME`. */
  readonly dir: string;
  /** True when the existing image matched the recipe hash and nothing was built. */
  readonly upToDate: boolean;
  /** Names of the packages downloaded by this build. */
  readonly downloaded: readonly string[];
}

interface ResolvedInputs {
  readonly kernel: AptPackage;
  readonly busybox: AptPackage;
  readonly hash: string;
}

const gzipAsync = promisify(gzip);

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

async function resolveInputs(recipe: TinyRecipe): Promise<ResolvedInputs> {
  const { kernelMetapackage: meta, busyboxPackage } = recipe;
  // One apt-cache run finds the metapackage and, through the pattern, the kernel it points at.
  const flavour = meta.slice('linux-image-'.length);
  const found = await showAptPackages([
    meta,
    busyboxPackage,
    `^linux-image-[0-9][0-9.-]*-${flavour}$`,
  ]);
  const metaPackage = found.get(meta);
  const busybox = found.get(busyboxPackage);
  if (metaPackage === undefined || busybox === undefined)
    throw new StaleAptListsError(`apt knows no package ${meta} or ${busyboxPackage}`);
  const kernel = await metapackageTarget(metaPackage, { prefix: 'linux-image-', found });
  const hash = recipeHash({
    recipe: recipe.name,
    version: recipe.version,
    files: recipe.files,
    packages: [kernel, busybox],
    modules: recipe.modules,
    cmdline: recipe.cmdline,
  });
  return { kernel, busybox, hash };
}

function currentManifest(dir: string, hash: string): KernelImageManifest | undefined {
  if (!existsSync(join(dir, MANIFEST_FILE))) return undefined;
  try {
    const manifest = readImageManifest(dir);
    if (manifest.kind !== 'kernel' || manifest.recipe.hash !== hash) return undefined;
    const complete = [manifest.kernel, manifest.initrd].every((f) => existsSync(join(dir, f)));
    return complete ? manifest : undefined;
  } catch {
    return undefined;
  }
}

async function fetchAll(
  packages: readonly AptPackage[],
  options: { cacheDir: string; progress: (line: string) => void },
): Promise<{ paths: string[]; downloaded: string[] }> {
  const paths: string[] = [];
  const downloaded: string[] = [];
  for (const pkg of packages) {
    const got = await fetchAptPackage(pkg, {
      cacheDir: options.cacheDir,
      onDownload: (p) => {
        options.progress(`downloading ${p.name} ${p.version} (${megabytes(p.size)} MB)`);
      },
    });
    paths.push(got.path);
    if (got.downloaded) downloaded.push(pkg.name);
  }
  return { paths, downloaded };
}

/** Writes `data` to `path` through a temporary file, so readers never see half a file. */
async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  renameSync(temporary, path);
}

async function assembleTiny(options: {
  recipe: TinyRecipe;
  inputs: ResolvedInputs;
  debs: readonly string[];
  outDir: string;
  progress: (line: string) => void;
}): Promise<{ kernelVersion: string }> {
  const { recipe, inputs, debs, outDir, progress } = options;
  const [kernelDeb = '', busyboxDeb = ''] = debs;
  const work = mkdtempSync(join(tmpdir(), 'podvisor-guest-build-'));
  try {
    progress(`extracting ${inputs.kernel.name} and ${inputs.busybox.name}`);
    await runTool('dpkg-deb', ['-x', kernelDeb, join(work, 'kernel')]);
    await runTool('dpkg-deb', ['-x', busyboxDeb, join(work, 'busybox')]);
    const kernelVersion = inputs.kernel.name.slice('linux-image-'.length);
    const vmlinuz = join(work, 'kernel', 'boot', `vmlinuz-${kernelVersion}`);
    if (!existsSync(vmlinuz))
      throw new GuestImageError(`${inputs.kernel.name} has no boot/vmlinuz-${kernelVersion}`);
    const busyboxPath = join(work, 'busybox', 'bin', 'busybox');
    const applets = (await runTool(busyboxPath, ['--list'])).stdout.split('\n').filter(Boolean);
    const modules = resolveKernelModules(
      join(work, 'kernel', 'lib', 'modules', kernelVersion),
      recipe.modules,
    ).map((m) => ({ name: m.name, data: readFileSync(m.path) }));
    progress('writing initrd');
    const archive = writeCpioNewc(
      tinyRootfsEntries({
        busybox: readFileSync(busyboxPath),
        applets,
        modules,
        files: recipe.files,
      }),
    );
    await writeAtomically(join(outDir, 'initrd.gz'), await gzipAsync(archive, { level: 9 }));
    await writeAtomically(join(outDir, 'vmlinuz'), readFileSync(vmlinuz));
    return { kernelVersion };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function checkBuildable(name: string): void {
  if ((buildableImages as readonly string[]).includes(name)) return;
  throw new GuestImageError(
    `there is no recipe for an image named ${JSON.stringify(name)} (buildable: ${buildableImages.join(', ')})`,
  );
}

/** The tiny image: the Debian cloud kernel and a busybox initramfs (`vmlinuz`, `initrd.gz`). */
async function buildTinyImage(options: BuildGuestImageOptions): Promise<BuildGuestImageResult> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  const recipe = tinyRecipe();
  const dir = join(imagesDir(options.dataDir), recipe.name);
  const cacheDir = options.cacheDir ?? join(imagesDir(options.dataDir), '.cache');
  progress(`resolving ${recipe.kernelMetapackage} and ${recipe.busyboxPackage} with apt-cache`);
  const prepared = await withFreshAptLists(async () => {
    const inputs = await resolveInputs(recipe);
    const existing = options.force === true ? undefined : currentManifest(dir, inputs.hash);
    if (existing !== undefined) return { inputs, existing, debs: [], downloaded: [] };
    const debs = await fetchAll([inputs.kernel, inputs.busybox], { cacheDir, progress });
    return { inputs, existing, debs: debs.paths, downloaded: debs.downloaded };
  }, progress);
  const { inputs, existing } = prepared;
  if (existing !== undefined) {
    progress(`${recipe.name} is up to date (recipe ${inputs.hash.slice(0, 12)})`);
    return { manifest: existing, dir, upToDate: true, downloaded: [] };
  }
  mkdirSync(dir, { recursive: true });
  const { kernelVersion } = await assembleTiny({
    recipe,
    inputs,
    debs: prepared.debs,
    outDir: dir,
    progress,
  });
  const manifest: KernelImageManifest = {
    ref: `${LOCAL_REGISTRY}/${recipe.name}`,
    kind: 'kernel',
    kernel: 'vmlinuz',
    initrd: 'initrd.gz',
    cmdline: recipe.cmdline,
    kernelVersion,
    recipe: { name: recipe.name, version: recipe.version, hash: inputs.hash },
    packages: [inputs.kernel, inputs.busybox].map((p) => ({
      name: p.name,
      version: p.version,
      sha256: p.sha256,
    })),
    builtAt: new Date().toISOString(),
  };
  writeImageManifest(dir, manifest);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { manifest, dir, upToDate: false, downloaded: prepared.downloaded };
}

/**
 * Builds a guest image from Debian packages into `DATA_DIR/images/NAME` with its `manifest.json`:
 * `tiny` (the Debian cloud kernel and a busybox initramfs, a kernel image) or `debian` (Debian 12
 * with cloud-init and qemu-guest-agent on a qcow2 disk, booted with its own kernel and initramfs;
 * needs root). Nothing is rebuilt when the recipe hash (recipe version, the guest's files and
 * settings, and the package versions apt resolves now) matches the manifest; .debs this builder
 * fetches itself are downloaded once into the cache. Fails with a GuestImageError that names the
 * cause.
 */
export async function buildGuestImage(
  options: BuildGuestImageOptions,
): Promise<BuildGuestImageResult> {
  checkBuildable(options.name);
  return options.name === 'debian' ? buildDebianImage(options) : buildTinyImage(options);
}
