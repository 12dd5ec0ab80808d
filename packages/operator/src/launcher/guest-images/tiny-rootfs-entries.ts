import type { CpioEntry } from './cpio-newc.ts';
import type { RootfsFile } from './tiny-recipe.ts';

/** What goes into the tiny guest's initramfs, already read from the extracted packages. */
export interface TinyRootfsParts {
  readonly busybox: Buffer;
  /** `busybox --list`: each becomes a `bin/NAME` symlink to busybox. */
  readonly applets: readonly string[];
  /** Module files in load order. */
  readonly modules: readonly { readonly name: string; readonly data: Buffer }[];
  readonly files: readonly RootfsFile[];
}

const directories = [
  'bin',
  'dev',
  'etc',
  'lib',
  'lib/modules',
  'proc',
  'root',
  'run',
  'sys',
  'tmp',
  'usr',
  'var',
  'var/log',
];

function parentDirectories(files: readonly RootfsFile[]): string[] {
  const parents = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').slice(0, -1);
    parts.forEach((_, i) => parents.add(parts.slice(0, i + 1).join('/')));
  }
  return [...parents];
}

/**
 * The initramfs members of the tiny guest: the directory skeleton, `/dev/console` (so /init has
 * a console before devtmpfs is mounted), busybox with one symlink per applet, the modules with
 * their load order, and the recipe's own files (which win over an applet of the same name).
 */
export function tinyRootfsEntries(parts: TinyRootfsParts): CpioEntry[] {
  const own = new Set(parts.files.map((f) => f.path));
  const dirs = [...new Set([...directories, ...parentDirectories(parts.files)])].sort();
  return [
    ...dirs.map((path): CpioEntry => ({ type: 'directory', path, mode: 0o755 })),
    { type: 'char-device', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
    { type: 'symlink', path: 'sbin', target: 'bin' },
    { type: 'symlink', path: 'usr/bin', target: '../bin' },
    { type: 'symlink', path: 'usr/sbin', target: '../bin' },
    { type: 'file', path: 'bin/busybox', data: parts.busybox, mode: 0o755 },
    ...parts.applets
      .filter((name) => name !== 'busybox' && /^[\w.[-]+$/.test(name) && !own.has(`bin/${name}`))
      .map((name): CpioEntry => ({ type: 'symlink', path: `bin/${name}`, target: 'busybox' })),
    ...parts.modules.map((m): CpioEntry => ({
      type: 'file',
      path: `lib/modules/${m.name}.ko`,
      data: m.data,
    })),
    {
      type: 'file',
      path: 'lib/modules/load-order',
      data: Buffer.from(parts.modules.map((m) => `${m.name}\n`).join('')),
    },
    ...parts.files.map((f): CpioEntry => ({
      type: 'file',
      path: f.path,
      data: f.data,
      mode: f.mode,
    })),
  ];
}
