import { GuestImageError } from './guest-image-error.ts';

/** One member of an initramfs archive. Paths are relative to the archive root (`bin/busybox`). */
export type CpioEntry =
  | { readonly type: 'directory'; readonly path: string; readonly mode?: number }
  | {
      readonly type: 'file';
      readonly path: string;
      readonly data: Uint8Array;
      readonly mode?: number;
    }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string }
  | {
      readonly type: 'char-device';
      readonly path: string;
      readonly major: number;
      readonly minor: number;
      readonly mode?: number;
    };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const TRAILER = 'TRAILER!!!';

interface Header {
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly size: number;
  readonly rdevMajor: number;
  readonly rdevMinor: number;
  readonly name: string;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

/** The 110-byte "070701" header, the NUL-terminated name, and the padding to a 4-byte boundary. */
function headerBytes(header: Header): Buffer {
  const name = Buffer.from(`${header.name}\0`, 'utf8');
  const fields = [
    header.ino,
    header.mode,
    0, // uid: root
    0, // gid: root
    header.nlink,
    0, // mtime: fixed, so that the same inputs give the same archive
    header.size,
    0, // devmajor
    0, // devminor
    header.rdevMajor,
    header.rdevMinor,
    name.length,
    0, // check: unused by "newc"
  ];
  const head = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
  return Buffer.concat([head, name, padding(head.length + name.length)]);
}

function cleanPath(path: string): string {
  const clean = path.replace(/^(\.\/|\/)+/, '');
  const parts = clean.split('/');
  if (clean === '' || parts.some((p) => p === '' || p === '.' || p === '..') || clean === TRAILER)
    throw new GuestImageError(`cpio: bad member path ${JSON.stringify(path)}`);
  return clean;
}

function body(entry: CpioEntry): { mode: number; data: Uint8Array; rdev: [number, number] } {
  switch (entry.type) {
    case 'directory':
      return { mode: S_IFDIR | (entry.mode ?? 0o755), data: new Uint8Array(), rdev: [0, 0] };
    case 'file':
      return { mode: S_IFREG | (entry.mode ?? 0o644), data: entry.data, rdev: [0, 0] };
    case 'symlink':
      return { mode: S_IFLNK | 0o777, data: Buffer.from(entry.target, 'utf8'), rdev: [0, 0] };
    case 'char-device':
      return {
        mode: S_IFCHR | (entry.mode ?? 0o600),
        data: new Uint8Array(),
        rdev: [entry.major, entry.minor],
      };
  }
}

/**
 * Writes a cpio archive in the SVR4 "newc" format that the Linux kernel unpacks as an initramfs.
 * Owners are root, mtimes are 0 and inode numbers follow the entry order, so equal inputs give
 * byte-identical archives. Parent directories must come before their members.
 */
export function writeCpioNewc(entries: readonly CpioEntry[]): Buffer {
  const chunks: Buffer[] = [];
  entries.forEach((entry, index) => {
    const { mode, data, rdev } = body(entry);
    chunks.push(
      headerBytes({
        ino: index + 1,
        mode,
        nlink: entry.type === 'directory' ? 2 : 1,
        size: data.length,
        rdevMajor: rdev[0],
        rdevMinor: rdev[1],
        name: cleanPath(entry.path),
      }),
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      padding(data.length),
    );
  });
  chunks.push(
    headerBytes({ ino: 0, mode: 0, nlink: 1, size: 0, rdevMajor: 0, rdevMinor: 0, name: TRAILER }),
  );
  return Buffer.concat(chunks);
}
