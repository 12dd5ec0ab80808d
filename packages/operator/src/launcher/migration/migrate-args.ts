/** Where libvirtd and QEMU see the private libvirt's run directory (both modes, see the README). */
export const libvirtRunInside = '/run/libvirt';

/** The socket names in `<run>/mig/` (short: the run directory's path is long already). */
export const migrationSocketNames = {
  control: 'c.sock',
  memory: 'm.sock',
  disks: 'd.sock',
} as const;

/** Inputs of {@link migrateArgs}. */
export interface MigrateArgsOptions {
  readonly domain: string;
  /** The target's domain XML (its paths), as a file virsh reads. */
  readonly xmlFile: string;
  /** The migration sockets' directory as libvirtd and QEMU see it. */
  readonly socketDir: string;
  /** Copy the writable local disks along (NBD through the `disks` channel). */
  readonly copyStorage: boolean;
  readonly bandwidthMiBps?: number | undefined;
  readonly allowAutoConverge?: boolean | undefined;
  readonly allowPostCopy?: boolean | undefined;
}

/**
 * `virsh migrate` arguments for a peer-to-peer live migration whose control connection
 * (`qemu+unix:///system?socket=…`), memory stream (`--migrateuri unix://…`) and disk stream
 * (`--disks-uri unix://…`) all go to the source launcher's local sockets, which carry them to the
 * target's listener. The target gets the domain persistently defined with its own XML.
 */
export function migrateArgs(options: MigrateArgsOptions): string[] {
  const socket = (name: string): string => `${options.socketDir}/${name}`;
  const args = [
    'migrate',
    '--live',
    '--p2p',
    '--persistent',
    '--persistent-xml',
    options.xmlFile,
    '--xml',
    options.xmlFile,
    '--migrateuri',
    `unix://${socket(migrationSocketNames.memory)}`,
  ];
  if (options.copyStorage) {
    args.push('--copy-storage-inc', '--disks-uri', `unix://${socket(migrationSocketNames.disks)}`);
  }
  const bandwidth = options.bandwidthMiBps ?? 0;
  if (bandwidth > 0) args.push('--bandwidth', String(Math.max(1, Math.round(bandwidth))));
  if (options.allowAutoConverge === true) args.push('--auto-converge');
  if (options.allowPostCopy === true) args.push('--postcopy');
  args.push(options.domain, `qemu+unix:///system?socket=${socket(migrationSocketNames.control)}`);
  return args;
}

/** Guest memory in GiB from a domain XML's `<memory unit='KiB'>` (0 when absent). */
export function memoryGiB(xml: string): number {
  const match = /<memory unit=['"]KiB['"]>(\d+)<\/memory>/.exec(xml);
  return match?.[1] === undefined ? 0 : Number(match[1]) / 1024 ** 2;
}

/** Whether the domain has a writable disk (not a cdrom, not read-only, not shareable). */
export function hasWritableDisk(xml: string): boolean {
  const disks = xml.match(/<disk\b[^>]*>[\s\S]*?<\/disk>/g) ?? [];
  return disks.some(
    (disk) =>
      /device=['"]disk['"]/.test(disk) &&
      !/<readonly\s*\/>/.test(disk) &&
      !/<shareable\s*\/>/.test(disk),
  );
}

/**
 * The completion timeout in ms: `perGiBSeconds` (default 150, KubeVirt's) per GiB of guest
 * memory, at least 10 s.
 */
export function completionTimeoutMs(perGiBSeconds: number | undefined, gib: number): number {
  return Math.max(10_000, Math.round((perGiBSeconds ?? 150) * gib * 1000));
}
