import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly css?: readonly string[];
}

/** Raw and gzipped (level 9) byte counts of a set of files. */
export interface Sizes {
  readonly raw: number;
  readonly gzip: number;
}

/** What the console's first page load needs, from Vite's manifest. */
export interface FirstLoad {
  readonly js: Sizes;
  readonly css: Sizes;
  /** Chunks of the entry and its static imports. */
  readonly chunks: number;
  /** JavaScript chunks loaded later (lazy routes, console viewers). */
  readonly lazyChunks: number;
}

/** The raw and gzipped sizes of `files` (paths relative to `distDir`). */
export function sizesOf(distDir: string, files: Iterable<string>): Sizes {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(distDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** The entry chunks' keys and, transitively, every chunk they import statically. */
function firstLoadKeys(manifest: Readonly<Record<string, ManifestChunk>>): Set<string> {
  const keys = new Set<string>();
  const visit = (key: string): void => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry === true) visit(key);
  return keys;
}

/**
 * The JavaScript and CSS of the console's first load in a Vite build (`distDir` with
 * `.vite/manifest.json`): the entry chunk and everything it imports statically (lazy routes and
 * console viewers excluded).
 */
export function firstLoad(distDir: string): FirstLoad {
  const manifest = JSON.parse(
    readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const keys = firstLoadKeys(manifest);
  const files = [...keys].map((key) => manifest[key]?.file ?? '').filter((f) => f !== '');
  const css = new Set([...keys].flatMap((key) => manifest[key]?.css ?? []));
  const lazyChunks = Object.entries(manifest).filter(
    ([key, chunk]) => chunk.file.endsWith('.js') && !keys.has(key),
  ).length;
  return { js: sizesOf(distDir, files), css: sizesOf(distDir, css), chunks: keys.size, lazyChunks };
}
