// The tiny guest booted by a bare `qemu-system-x86_64` (feasibility-virt.md §4): the anchor of
// every start-latency figure. The same kernel, initramfs and command line the local catalog gives
// Podvisor's launcher, TCG, the serial line to a file polled every 10 ms.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BANNER, READY, exited, waitInFile } from './launcher-pod.ts';

export { BANNER, READY, readText, waitFor } from './launcher-pod.ts';

/** A kernel-boot image (a `KernelCatalogEntry` of the local catalog is one). */
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

export interface BareQemuBootOptions {
  readonly image: KernelImage;
  /** Created if missing; holds `serial.log`. */
  readonly dir: string;
  /** Guest memory, MiB (default 128, as the benchmarks' VMs). */
  readonly memoryMiB?: number;
  /** Called with QEMU's pid once the guest is ready, before QEMU is killed (e.g. to read its memory). */
  readonly whenReady?: (pid: number) => Promise<void>;
}

/**
 * Boots `image` with `qemu-system-x86_64 -accel tcg -m 128 -nodefaults -display none -no-reboot
 * -kernel … -initrd … -append … -serial file:DIR/serial.log`, times spawn → banner and spawn →
 * ready line, and kills QEMU afterwards, whatever happened. Fails at once if QEMU exits early.
 */
export async function bareQemuBoot(options: BareQemuBootOptions): Promise<BareBoot> {
  const { image, dir } = options;
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'serial.log');
  const args = ['-accel', 'tcg', '-m', String(options.memoryMiB ?? 128), '-nodefaults']
    .concat(['-display', 'none', '-no-reboot', '-kernel', image.kernel, '-initrd', image.initrd])
    .concat(['-append', image.cmdline, '-serial', `file:${log}`]);
  const started = performance.now();
  const qemu = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  qemu.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const early = exited(qemu).then(() => {
    throw new Error(`bare QEMU exited before the guest was ready: ${stderr.trim()}`);
  });
  early.catch(() => undefined); // also rejects after the kill below; only the race reports it
  try {
    const bannerMs = await Promise.race([waitInFile(log, BANNER, started), early]);
    const readyMs = await Promise.race([waitInFile(log, READY, started), early]);
    if (options.whenReady !== undefined && qemu.pid !== undefined) {
      await options.whenReady(qemu.pid);
    }
    return { bannerMs, readyMs };
  } finally {
    qemu.kill('SIGKILL');
    await exited(qemu);
  }
}
