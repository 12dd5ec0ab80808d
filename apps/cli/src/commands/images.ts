import { field } from '@podvisor/kube';
import {
  buildGuestImage,
  type CatalogEntry,
  GuestImageError,
  importImage,
  listImages,
} from '@podvisor/operator';
import { defineCommand, type CommandIo } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';

const usage =
  'Usage: podvisor images [build [tiny|debian] | list | import REF FILE] [--data-dir DIR] [--force]';

function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

/** The catalog as an aligned table: REF, KIND, SIZE, BUILT. */
export function imagesTable(entries: readonly CatalogEntry[]): string {
  const rows = [
    ['REF', 'KIND', 'SIZE', 'BUILT'],
    ...entries.map((e) => [
      e.ref,
      e.kind,
      humanSize(e.size),
      e.builtAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z'),
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('   ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

function list(io: CommandIo, dataDir: string): number {
  const entries = listImages(dataDir);
  if (entries.length === 0) {
    io.stdout.write(
      `No guest images in ${dataDir}/images yet: build one with \`podvisor images build tiny\`.\n`,
    );
    return 0;
  }
  io.stdout.write(imagesTable(entries));
  return 0;
}

async function build(
  io: CommandIo,
  options: { dataDir: string; name: string; force: boolean },
): Promise<number> {
  const result = await buildGuestImage({
    ...options,
    progress: (line) => io.stdout.write(`${line}\n`),
  });
  io.stdout.write(`${result.manifest.ref}: ${result.dir}\n`);
  return 0;
}

async function importFile(
  io: CommandIo,
  options: { dataDir: string; reference: string; file: string },
): Promise<number> {
  const entry = await importImage(options);
  io.stdout.write(
    `Imported ${entry.ref} (${entry.format}, ${humanSize(entry.virtualSize)} virtual): ${entry.path}\n`,
  );
  return 0;
}

async function dispatch(
  args: readonly string[],
  io: CommandIo,
  config: ImagesConfig,
): Promise<number> {
  const [sub, ...rest] = args;
  const { dataDir, force } = config;
  if (sub === undefined) {
    await build(io, { dataDir, name: 'tiny', force });
    return list(io, dataDir);
  }
  if (sub === 'build' && rest.length <= 1)
    return build(io, { dataDir, name: rest[0] ?? 'tiny', force });
  if (sub === 'list' && rest.length === 0) return list(io, dataDir);
  const [reference, file] = rest;
  if (sub === 'import' && reference !== undefined && file !== undefined && rest.length === 2)
    return importFile(io, { dataDir, reference, file });
  io.stderr.write(`podvisor images: unexpected arguments ${JSON.stringify(args)}\n${usage}\n`);
  return 2;
}

/** The flags of `podvisor images`. */
export interface ImagesConfig {
  readonly dataDir: string;
  readonly force: boolean;
}

/**
 * `podvisor images` with its positional arguments (`build [tiny|debian]`, `list`, `import REF FILE`, or
 * none: build tiny if needed, then list). Resolves with the exit code: 1 with the cause on
 * stderr when building or importing fails, 2 for unexpected arguments.
 */
export async function runImages(
  args: readonly string[],
  io: CommandIo,
  config: ImagesConfig,
): Promise<number> {
  try {
    return await dispatch(args, io, config);
  } catch (error) {
    if (!(error instanceof GuestImageError)) throw error;
    io.stderr.write(`podvisor images: ${error.message}\n`);
    return 1;
  }
}

export const imagesCommand = defineCommand({
  name: 'images',
  summary: 'build, list and import the guest images of the local containerDisk catalog',
  description: [
    'Subcommands:',
    '  build [tiny|debian]',
    '                   build a guest image from Debian packages into DATA_DIR/images; rebuilt',
    '                   only when its recipe or the package versions change. tiny (default): the',
    '                   Debian cloud kernel and a busybox initramfs, seconds to build. debian:',
    '                   Debian 12 with cloud-init (NoCloud), qemu-guest-agent and a serial getty',
    '                   (root, no password) on a qcow2 disk; needs root, about a minute or more.',
    '  list             the catalog: REF, KIND, SIZE, BUILT',
    '  import REF FILE  copy a qcow2 or raw disk into the catalog as image REF, for',
    '                   containerDisk volumes that name it',
    '',
    'Without a subcommand: builds the missing images and lists the catalog.',
  ].join('\n'),
  spec: {
    dataDir: sharedFlags.dataDir,
    force: field.boolean({
      flag: 'force',
      default: false,
      describe: 'rebuild even when the image is up to date',
    }),
  },
  positionals: '[build [tiny|debian] | list | import REF FILE]',
  run: (config, io, args) => runImages(args, io, config),
});
