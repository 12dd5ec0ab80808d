// The tiny guest booted by a bare `qemu-system-x86_64` (feasibility-virt.md §4), the anchor of
// every start-latency figure: the same kernel, initramfs and command line the local catalog gives
// Podvisor's launcher, 128 MiB, TCG, the serial line to a file polled every 10 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The tiny guest's first line on its serial console. */
export const guestBanner = /Podvisor tiny guest: /;
/** The tiny guest's line once its shell is up. */
export const guestReady = /podvisor-guest-ready/;

/** A kernel-boot image: absolute paths and the kernel command line it expects. */
export interface KernelImage {
  readonly kernel: string;
  readonly initrd: string;
  readonly cmdline: string;
}

/** Milliseconds from spawning QEMU to the banner and to the ready line in its serial file. */
export interface BareBoot {
  readonly bannerMs: number;
  readonly readyMs: number;
}

/**
 * The tiny guest of a data directory's local catalog (`podvisor images build tiny` wrote
 * `DATA_DIR/images/tiny/manifest.json`, whose paths are relative to it).
 */
export function readTinyImage(dataDir: string): KernelImage {
  const dir = join(dataDir, 'images', 'tiny');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const { kernel, initrd, cmdline } = manifest;
  if (typeof kernel !== 'string' || typeof initrd !== 'string' || typeof cmdline !== 'string')
    throw new Error(`${dir}/manifest.json is not a kernel image (kernel, initrd, cmdline)`);
  return { kernel: join(dir, kernel), initrd: join(dir, initrd), cmdline };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Polls `file` every 10 ms until it matches `pattern` and resolves with `Date.now()` then;
 * rejects after `timeoutMs` or once `stopped()` says to give up.
 */
export async function waitInFile(
  file: string,
  pattern: RegExp,
  options: { timeoutMs: number; stopped?: () => boolean },
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  while (!pattern.test(readText(file))) {
    if (options.stopped?.() === true) throw new Error(`stopped waiting for ${String(pattern)}`);
    if (Date.now() > deadline)
      throw new Error(`${String(pattern)} not in ${file} after ${String(options.timeoutMs)} ms`);
    await sleep(10);
  }
  return Date.now();
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGKILL');
  });
}

/**
 * Boots `image` with `qemu-system-x86_64 -accel tcg -m 128 -nodefaults -display none -no-reboot
 * -kernel … -initrd … -append … -serial file:DIR/serial.log` and times spawn → banner and
 * spawn → ready line; QEMU is killed afterwards, whatever happened.
 */
export async function bareQemuBoot(options: {
  image: KernelImage;
  dir: string;
  timeoutMs?: number;
}): Promise<BareBoot> {
  const { image, dir } = options;
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'serial.log');
  const args = ['-accel', 'tcg', '-m', '128', '-nodefaults', '-display', 'none', '-no-reboot'];
  args.push('-kernel', image.kernel, '-initrd', image.initrd, '-append', image.cmdline);
  args.push('-serial', `file:${log}`);
  const started = Date.now();
  const qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  qemu.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = (): boolean => qemu.exitCode !== null || qemu.signalCode !== null;
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const banner = await waitInFile(log, guestBanner, { timeoutMs, stopped: exited });
    const ready = await waitInFile(log, guestReady, { timeoutMs, stopped: exited });
    return { bannerMs: banner - started, readyMs: ready - started };
  } catch (error) {
    const why = exited() ? `bare QEMU exited early: ${stderr.trim()}` : String(error);
    throw new Error(why, { cause: error });
  } finally {
    await killAndWait(qemu);
  }
}
