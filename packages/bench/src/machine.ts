import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The machine a result was measured on, as the report prints it. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
  /** e.g. "7.2.22"; "" when QEMU is not installed. */
  readonly qemu: string;
  /** e.g. "9.0.0"; "" when libvirt is not installed. */
  readonly libvirt: string;
  /** How VMs run here, with the reason, e.g. "TCG (software emulation: …)". */
  readonly accelerator: string;
}

async function versionOf(command: string, pattern: RegExp): Promise<string> {
  try {
    const { stdout } = await run(command, ['--version']);
    return pattern.exec(stdout)?.[1] ?? '';
  } catch {
    return '';
  }
}

function osName(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Describes this machine; `accelerator` comes from the caller (the launcher's own detection). */
export async function describeMachine(accelerator: string): Promise<Machine> {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: osName(),
    kernel: release(),
    node: process.version,
    qemu: await versionOf('qemu-system-x86_64', /version (\d+\.\d+(?:\.\d+)?)/),
    libvirt: await versionOf('libvirtd', /(\d+\.\d+\.\d+)/),
    accelerator,
  };
}
