import type { Duplex } from 'node:stream';
import type { Logger } from '@podvisor/kube';
import { ScrollbackRing } from './scrollback-ring.ts';

/** One viewer of a shared serial console (a websocket, in the node endpoint). */
export interface ConsoleViewer {
  /** Output from the guest (the scrollback first, on attach). */
  send(chunk: Buffer): void;
  /** The console's connection ended (the VM stopped, the launcher went away): say why. */
  end(reason: string): void;
}

/** A viewer's handle on the shared console. */
export interface ConsoleAttachment {
  /** Input for the guest. */
  write(input: Buffer): void;
  /** The viewer left; the console's connection stays for the next viewer's scrollback. */
  detach(): void;
}

/** Options of a {@link SerialConsoleHub}. */
export interface SerialConsoleHubOptions {
  /** How much recent output a new viewer gets first; 64 KiB by default. */
  readonly scrollbackBytes?: number;
  readonly logger: Logger;
}

/** One VMI's serial connection, its scrollback and its viewers. */
class SharedConsole {
  readonly viewers = new Set<ConsoleViewer>();
  readonly ring: ScrollbackRing;
  readonly socket: Duplex;

  constructor(socket: Duplex, scrollbackBytes: number) {
    this.socket = socket;
    this.ring = new ScrollbackRing(scrollbackBytes);
  }

  output(chunk: Buffer): void {
    this.ring.push(chunk);
    for (const viewer of this.viewers) viewer.send(chunk);
  }
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Shares each VMI's serial console among any number of viewers: one connection to the
 * launcher's serial socket per VMI (QEMU's serial chardev takes one client), whose output goes
 * to every viewer and into a scrollback ring; input from any viewer goes to the guest. A new
 * viewer first gets the scrollback. The connection is kept when the last viewer leaves, so the
 * next one still sees what the guest printed meanwhile; it ends when the socket closes (the VM
 * stopped or its launcher went away), which ends every viewer with the reason.
 */
export class SerialConsoleHub {
  readonly #options: SerialConsoleHubOptions;
  readonly #consoles = new Map<string, SharedConsole>();
  readonly #opening = new Map<string, Promise<SharedConsole>>();
  #closed = false;

  constructor(options: SerialConsoleHubOptions) {
    this.#options = options;
  }

  /** How many VMI consoles are connected. */
  get size(): number {
    return this.#consoles.size;
  }

  /**
   * Attaches `viewer` to the console `key` names (one per launcher: pod and VMI UIDs), opening
   * the serial connection with `open` if there is none. Rejects when it cannot be opened.
   */
  async attach(
    key: string,
    open: () => Promise<Duplex>,
    viewer: ConsoleViewer,
  ): Promise<ConsoleAttachment> {
    const shared = await this.#shared(key, open);
    const scrollback = shared.ring.contents();
    if (scrollback.length > 0) viewer.send(scrollback);
    shared.viewers.add(viewer);
    return {
      write: (input) => {
        if (shared.viewers.has(viewer)) shared.socket.write(input);
      },
      detach: () => {
        shared.viewers.delete(viewer);
      },
    };
  }

  /** Opens the console `key` names if it is not open yet (to fail before a viewer is upgraded). */
  async open(key: string, open: () => Promise<Duplex>): Promise<void> {
    await this.#shared(key, open);
  }

  /** Closes every console connection, ending their viewers with `reason`. */
  close(reason: string): void {
    this.#closed = true;
    for (const [key, shared] of this.#consoles) this.#end(key, shared, reason);
  }

  #shared(key: string, open: () => Promise<Duplex>): Promise<SharedConsole> {
    if (this.#closed) return Promise.reject(new Error('virt-handler is shutting down'));
    const existing = this.#consoles.get(key);
    if (existing !== undefined) return Promise.resolve(existing);
    let opening = this.#opening.get(key);
    if (opening === undefined) {
      opening = this.#open(key, open).finally(() => this.#opening.delete(key));
      this.#opening.set(key, opening);
    }
    return opening;
  }

  async #open(key: string, open: () => Promise<Duplex>): Promise<SharedConsole> {
    const socket = await open();
    const shared = new SharedConsole(socket, this.#options.scrollbackBytes ?? 64 * 1024);
    this.#consoles.set(key, shared);
    socket.on('data', (chunk: Buffer) => {
      shared.output(chunk);
    });
    socket.on('error', (error) => {
      this.#end(key, shared, `the serial console failed: ${messageOf(error)}`);
    });
    socket.on('close', () => {
      this.#end(key, shared, 'the serial console closed: the VM stopped or its launcher went away');
    });
    this.#options.logger.debug({ console: key }, 'serial console connected');
    return shared;
  }

  #end(key: string, shared: SharedConsole, reason: string): void {
    if (this.#consoles.get(key) !== shared) return;
    this.#consoles.delete(key);
    shared.socket.destroy();
    const viewers = [...shared.viewers];
    shared.viewers.clear();
    for (const viewer of viewers) viewer.end(reason);
    this.#options.logger.debug({ console: key, reason }, 'serial console closed');
  }
}
