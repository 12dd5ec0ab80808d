import { readdirSync, readFileSync } from 'node:fs';

/** A process seen in /proc. */
export interface ProcessInfo {
  readonly pid: number;
  /** Its command line, arguments joined by spaces. */
  readonly command: string;
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

/**
 * Every live process (other than this one) whose command line contains `text`, such as a
 * temporary data dir: the QEMU, node agents and servers a `podvisor up` there started.
 */
export function processesMentioning(text: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const command = commandLine(pid);
    if (command?.includes(text) === true) found.push({ pid, command });
  }
  return found;
}

/** Whether a process is a QEMU system emulator (`qemu-system-*`). */
export function isQemu(info: ProcessInfo): boolean {
  const [program = ''] = info.command.split(' ');
  return /(^|\/)qemu-system-/.test(program);
}

/** Whether a process is a `podvisor … node` agent. */
export function isNodeAgent(info: ProcessInfo): boolean {
  const args = info.command.split(' ');
  const cli = args.findIndex((arg) => arg.endsWith('podvisor.js'));
  return cli >= 0 && args[cli + 1] === 'node';
}

/** Whether the process `pid` still runs `command` (a reused pid does not count). */
export function stillRuns(info: ProcessInfo): boolean {
  return commandLine(info.pid) === info.command;
}

/**
 * The last resort of a teardown: SIGKILL, by pid, every process whose command line contains
 * `text` (a data dir this suite created). Returns what it killed, so callers can report a leak.
 */
export function killProcessesMentioning(text: string): ProcessInfo[] {
  const found = processesMentioning(text);
  for (const { pid } of found) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // it exited meanwhile
    }
  }
  return found;
}
