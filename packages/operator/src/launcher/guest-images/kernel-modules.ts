import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GuestImageError } from './guest-image-error.ts';

/** A loadable kernel module file. */
export interface KernelModule {
  readonly name: string;
  readonly path: string;
}

function moduleName(file: string): string {
  return basename(file).replace(/\.ko$/, '').replaceAll('-', '_');
}

/**
 * The modules a `.ko` file needs loaded first: the `depends=` entry of its `.modinfo` section
 * (what depmod reads; Debian's kernel packages ship no modules.dep, depmod runs at install).
 */
export function moduleDependencies(ko: Buffer): string[] {
  const key = Buffer.from('depends=');
  for (let at = ko.indexOf(key); at >= 0; at = ko.indexOf(key, at + 1)) {
    if (at > 0 && ko[at - 1] !== 0) continue;
    const end = ko.indexOf(0, at);
    const value = ko.subarray(at + key.length, end < 0 ? undefined : end).toString('latin1');
    return value
      .split(',')
      .map((d) => d.trim().replaceAll('-', '_'))
      .filter(Boolean);
  }
  return [];
}

function indexModules(dir: string, index: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) indexModules(path, index);
    else if (entry.name.endsWith('.ko')) index.set(moduleName(entry.name), path);
  }
}

function builtinModules(moduleDir: string): Set<string> {
  const file = join(moduleDir, 'modules.builtin');
  if (!existsSync(file)) return new Set();
  return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map(moduleName));
}

/**
 * The module files to load, dependencies first, for the `wanted` modules of a kernel's
 * `lib/modules/VERSION` directory. Modules built into the kernel are skipped; a module that is
 * neither a file nor built in is an error naming it.
 */
export function resolveKernelModules(moduleDir: string, wanted: readonly string[]): KernelModule[] {
  const files = new Map<string, string>();
  indexModules(join(moduleDir, 'kernel'), files);
  const builtin = builtinModules(moduleDir);
  const ordered: KernelModule[] = [];
  const seen = new Set<string>();
  const visit = (name: string, chain: readonly string[]): void => {
    if (seen.has(name) || builtin.has(name)) return;
    const path = files.get(name);
    if (path === undefined)
      throw new GuestImageError(
        `kernel module ${name} (${chain.join(' → ')}) is neither a file under ${moduleDir} nor built in`,
      );
    seen.add(name);
    for (const dep of moduleDependencies(readFileSync(path))) visit(dep, [...chain, dep]);
    ordered.push({ name, path });
  };
  for (const name of wanted) visit(name.replaceAll('-', '_'), [name]);
  return ordered;
}
