import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GuestImageError } from './guest-image-error.ts';
import { runTool, ToolFailure } from './run-tool.ts';

/** A Debian binary package at the exact version apt resolves, as `apt-cache show` describes it. */
export interface AptPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
  /** Size of the .deb in bytes. */
  readonly size: number;
  readonly sha256: string;
  /** The raw `Depends:` field, `''` when absent. */
  readonly depends: string;
}

/**
 * apt cannot find a package or a file: its package lists are missing or older than the
 * repository. `apt-get update` fixes it.
 */
export class StaleAptListsError extends GuestImageError {}

function parseStanza(stanza: string): AptPackage | undefined {
  const fields = new Map<string, string>();
  for (const line of stanza.split('\n')) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined) fields.set(match[1], match[2] ?? '');
  }
  const name = fields.get('Package');
  const version = fields.get('Version');
  const sha256 = fields.get('SHA256');
  if (name === undefined || version === undefined || sha256 === undefined) return undefined;
  return {
    name,
    version,
    architecture: fields.get('Architecture') ?? 'all',
    size: Number(fields.get('Size') ?? '0'),
    sha256,
    depends: fields.get('Depends') ?? '',
  };
}

/** Parses `apt-cache show` output: one package per stanza. */
export function parseAptShow(text: string): AptPackage[] {
  return text
    .split(/\n\s*\n/)
    .map(parseStanza)
    .filter((p) => p !== undefined);
}

function looksStale(error: unknown): boolean {
  return (
    error instanceof ToolFailure &&
    /No packages found|Unable to locate package|Failed to fetch|404|was not found/.test(
      error.stderr,
    )
  );
}

/**
 * The candidate versions of packages, from apt's package lists (no network; one apt-cache run,
 * which is slow where apt keeps no binary cache). `names` may hold apt's `^regex$` patterns;
 * each plain name must be found.
 */
export async function showAptPackages(names: readonly string[]): Promise<Map<string, AptPackage>> {
  let output;
  try {
    output = await runTool('apt-cache', ['show', '--no-all-versions', ...names]);
  } catch (error) {
    if (!looksStale(error)) throw error;
    throw new StaleAptListsError(`apt knows none of ${names.join(', ')}`);
  }
  const found = new Map(parseAptShow(output.stdout).map((p) => [p.name, p]));
  const missing = names.filter((n) => !n.startsWith('^') && !found.has(n));
  if (missing.length > 0)
    throw new StaleAptListsError(`apt knows no package ${missing.join(', ')}`);
  return found;
}

/**
 * The versioned package a metapackage depends on (`linux-image-cloud-amd64` →
 * `linux-image-6.1.0-56-cloud-amd64`), looked up in `found` or else with apt-cache.
 */
export async function metapackageTarget(
  meta: AptPackage,
  options: { prefix: string; found: ReadonlyMap<string, AptPackage> },
): Promise<AptPackage> {
  const target = meta.depends
    .split(/[,|]/)
    .map((d) => d.trim().split(/\s/)[0] ?? '')
    .find((d) => d.startsWith(options.prefix));
  if (target === undefined)
    throw new GuestImageError(
      `${meta.name} depends on no ${options.prefix}* package: ${meta.depends}`,
    );
  const known = options.found.get(target);
  if (known !== undefined) return known;
  const shown = (await showAptPackages([target])).get(target);
  if (shown === undefined) throw new StaleAptListsError(`apt knows no package ${target}`);
  return shown;
}

/** The cache file name of a package: apt's own naming, with the epoch colon escaped. */
export function debFileName(pkg: AptPackage): string {
  return `${pkg.name}_${pkg.version.replace(':', '%3a')}_${pkg.architecture}.deb`;
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => {
        resolve(hash.digest('hex'));
      });
  });
}

async function download(pkg: AptPackage, cacheDir: string, target: string): Promise<void> {
  const scratch = mkdtempSync(join(cacheDir, '.download-'));
  try {
    await runTool('apt-get', ['download', `${pkg.name}=${pkg.version}`], { cwd: scratch });
    const [file] = readdirSync(scratch).filter((f) => f.endsWith('.deb'));
    if (file === undefined)
      throw new GuestImageError(`apt-get download left no .deb for ${pkg.name}`);
    const got = await sha256Of(join(scratch, file));
    if (got !== pkg.sha256)
      throw new GuestImageError(`${file}: SHA-256 ${got} is not apt's ${pkg.sha256}`);
    await rename(join(scratch, file), target);
  } catch (error) {
    if (looksStale(error))
      throw new StaleAptListsError(`apt-get download ${pkg.name}=${pkg.version} found no file`);
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The path of a package's .deb in `cacheDir`, downloading it with `apt-get download` unless a
 * file with apt's SHA-256 is already there (`onDownload` is called just before a download).
 * `downloaded` says whether it was fetched.
 */
export async function fetchAptPackage(
  pkg: AptPackage,
  options: { cacheDir: string; onDownload?: (pkg: AptPackage) => void },
): Promise<{ path: string; downloaded: boolean }> {
  const { cacheDir } = options;
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, debFileName(pkg));
  if (existsSync(path) && (await sha256Of(path)) === pkg.sha256) return { path, downloaded: false };
  options.onDownload?.(pkg);
  await download(pkg, cacheDir, path);
  return { path, downloaded: true };
}
