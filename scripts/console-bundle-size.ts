// Benchmark of the console's first load (not a test): builds the SPA with Vite and reports the
// JavaScript and CSS the first page needs — the entry chunk and everything it imports statically
// (lazy routes and console viewers excluded) — raw and gzipped, against issue 11's budget of
// 400 KB of gzipped JavaScript.
//   node scripts/console-bundle-size.ts
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

const root = join(import.meta.dirname, '..');
const dist = join(root, 'apps', 'console', 'dist');
const budgetKiB = 400;

execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
  { cwd: root, stdio: 'inherit' },
);
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

/** The entry chunks and, transitively, every chunk they import statically. */
function firstLoad(): Set<string> {
  const keys = new Set<string>();
  const visit = (key: string): void => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry === true) visit(key);
  return keys;
}

function sizes(files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

const keys = firstLoad();
const js = sizes([...keys].map((key) => manifest[key]?.file ?? '').filter((f) => f !== ''));
const css = sizes(new Set([...keys].flatMap((key) => manifest[key]?.css ?? [])));
const lazy = Object.entries(manifest).filter(
  ([key, chunk]) => chunk.file.endsWith('.js') && !keys.has(key),
).length;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
process.stdout.write(
  [
    'console first load (entry + static imports):',
    `  JavaScript: ${kib(js.raw)} raw, ${kib(js.gzip)} gzipped (budget ${String(budgetKiB)} KiB gzipped)`,
    `  CSS:        ${kib(css.raw)} raw, ${kib(css.gzip)} gzipped`,
    `  chunks on first load: ${String(keys.size)}; loaded later (lazy): ${String(lazy)}`,
    '',
  ].join('\n'),
);
if (js.gzip > budgetKiB * 1024) {
  process.stdout.write(`OVER BUDGET by ${kib(js.gzip - budgetKiB * 1024)}\n`);
  process.exitCode = 1;
}
