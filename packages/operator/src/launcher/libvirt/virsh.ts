import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDomainState, type DomainState } from './domain-state.ts';
import { runVirsh } from './run-virsh.ts';
import { VirshError } from './virsh-error.ts';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function startsWithPng(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    return bytesRead === 8 && buffer.equals(pngSignature);
  } finally {
    await handle.close();
  }
}

/** The `return` member of a QMP or guest-agent reply, or a VirshError with its `error`. */
function qmpReturn(command: string, stdout: string): unknown {
  let reply: unknown;
  try {
    reply = JSON.parse(stdout);
  } catch {
    throw new VirshError({
      command,
      message: `not a JSON reply: ${stdout.slice(0, 200)}`,
      exitCode: 0,
    });
  }
  if (typeof reply === 'object' && reply !== null) {
    if ('return' in reply) return reply.return;
    if ('error' in reply) {
      throw new VirshError({ command, message: JSON.stringify(reply.error), exitCode: 0 });
    }
  }
  throw new VirshError({
    command,
    message: `unexpected reply: ${stdout.slice(0, 200)}`,
    exitCode: 0,
  });
}

/**
 * libvirt through `virsh`, one child process per call, on one connection URI. Every failure is
 * a VirshError carrying virsh's message and a code (`domain-not-found`, `not-running`,
 * `agent-unavailable`…).
 */
export class Virsh {
  readonly uri: string;
  readonly #timeoutMs: number;

  constructor(options: { uri: string; timeoutMs?: number }) {
    this.uri = options.uri;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Runs `virsh ARGS…` and resolves with its standard output. */
  run(args: readonly string[]): Promise<string> {
    return runVirsh({ uri: this.uri, args, timeoutMs: this.#timeoutMs });
  }

  /** Defines (or redefines) a persistent domain from its XML. */
  async define(xml: string): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'podvisor-define-'));
    try {
      const file = join(dir, 'domain.xml');
      await writeFile(file, xml, { mode: 0o600 });
      await this.run(['define', file]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Removes a defined domain (it must not be running). */
  async undefine(name: string): Promise<void> {
    await this.run(['undefine', name]);
  }

  /** Boots a defined domain. */
  async start(name: string): Promise<void> {
    await this.run(['start', name]);
  }

  /** Presses the ACPI power button; the guest decides whether to power off. */
  async shutdown(name: string): Promise<void> {
    await this.run(['shutdown', name, '--mode', 'acpi']);
  }

  /** Stops the domain at once (QEMU is killed). */
  async destroy(name: string): Promise<void> {
    await this.run(['destroy', name]);
  }

  /** Pauses the vCPUs. */
  async suspend(name: string): Promise<void> {
    await this.run(['suspend', name]);
  }

  /** Resumes paused vCPUs. */
  async resume(name: string): Promise<void> {
    await this.run(['resume', name]);
  }

  /** A hard reset, like the reset button. */
  async reset(name: string): Promise<void> {
    await this.run(['reset', name]);
  }

  /** A soft reboot: through the guest agent when one answers, else an ACPI request. */
  async reboot(name: string): Promise<void> {
    await this.run(['reboot', name, '--mode', 'agent,acpi']);
  }

  /** The domain's state and its reason. */
  async domState(name: string): Promise<DomainState> {
    const text = await this.run(['domstate', name, '--reason']);
    const state = parseDomainState(text);
    if (state === undefined) {
      throw new VirshError({
        command: `virsh domstate ${name} --reason`,
        message: `unexpected output '${text.trim()}'`,
        exitCode: 0,
      });
    }
    return state;
  }

  /** Writes a PNG screenshot of the primary display to `file` (virsh 9.0 with QEMU 7.2 writes PNG). */
  async screenshot(name: string, file: string): Promise<void> {
    await this.run(['screenshot', name, file]);
    if (!(await startsWithPng(file))) {
      throw new VirshError({
        command: `virsh screenshot ${name} ${file}`,
        message: 'the screenshot is not a PNG file',
        exitCode: 0,
      });
    }
  }

  /** Sends a command to the guest agent and resolves with its `return` value. */
  async guestAgent(
    name: string,
    command: { execute: string; arguments?: Record<string, unknown> },
    timeoutSeconds = 5,
  ): Promise<unknown> {
    const json = JSON.stringify(command);
    const stdout = await this.run([
      'qemu-agent-command',
      name,
      json,
      '--timeout',
      String(timeoutSeconds),
    ]);
    return qmpReturn(`virsh qemu-agent-command ${name} ${json}`, stdout);
  }

  /** Sends a QMP command to QEMU's monitor (through libvirt) and resolves with its `return` value. */
  async qemuMonitor(
    name: string,
    command: { execute: string; arguments?: Record<string, unknown> },
  ): Promise<unknown> {
    const json = JSON.stringify(command);
    const stdout = await this.run(['qemu-monitor-command', name, json]);
    return qmpReturn(`virsh qemu-monitor-command ${name} ${json}`, stdout);
  }
}
