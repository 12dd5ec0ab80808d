import type { Socket } from 'node:net';
import type { VirtualMachineInstance } from '@podvisor/api';
import type { Logger } from '@podvisor/kube/process';
import {
  listenPrivate,
  ProtocolConnection,
  type DomainEvent,
  type DomainStatus,
  type EventData,
  type EventName,
  type MigrateParams,
  type PrepareMigrationTargetParams,
  type PrepareMigrationTargetResult,
  type PrivateSocketServer,
  type RequestHandlers,
} from '../protocol/v1/index.ts';
import type { DomainRuntime } from './domain-runtime.ts';

/** Options of {@link startVirtLauncher}. */
export interface VirtLauncherOptions {
  /** The directory of the command socket (created 0700). */
  readonly socketDir: string;
  readonly runtime: DomainRuntime;
  readonly logger: Logger;
  /** This launcher's pod and VMI, announced in the handshake and checked on Sync. */
  readonly podUid?: string;
  readonly vmiUid?: string;
}

/** Why the launcher ended. */
export interface LauncherExit {
  /** The guest shut itself down (or was shut down cleanly): the VMI Succeeded. */
  readonly succeeded: boolean;
  readonly reason: string;
}

/** A running launcher. */
export interface VirtLauncher {
  /** The command socket's path. */
  readonly socketPath: string;
  /** Resolves once the domain is gone and the launcher has cleaned up. */
  readonly exited: Promise<LauncherExit>;
  /** Graceful stop (pod termination): ACPI shutdown, destroy after the grace period, exit. */
  stop(gracePeriodSeconds?: number): Promise<LauncherExit>;
}

/** Final states: the domain is gone once it reaches one after it ran. */
function finalExit(status: DomainStatus): LauncherExit | undefined {
  if (status.state === 'Crashed') return { succeeded: false, reason: `crashed (${status.reason})` };
  if (status.state !== 'Shutoff') return undefined;
  // libvirt's shutoff reasons: Shutdown (guest or ACPI), Destroyed, Crashed, Failed, Migrated, ...
  // Migrated: the domain runs on the migration target now; this launcher's work is done.
  const succeeded = status.reason === 'Shutdown' || status.reason === 'Migrated';
  return { succeeded, reason: status.reason === '' ? 'shut off' : status.reason };
}

/** Launcher state shared by the request handlers, the event path and the stop path. */
class Launcher {
  readonly #options: VirtLauncherOptions;
  readonly #connections = new Set<ProtocolConnection>();
  #vmi: VirtualMachineInstance | undefined;
  #starting: Promise<DomainStatus> | undefined;
  #graceTimer: NodeJS.Timeout | undefined;
  #exit: ((exit: LauncherExit) => void) | undefined;
  #exiting = false;
  /** Requests being served: their answers go out before the connections close. */
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly exited: Promise<LauncherExit>;

  constructor(options: VirtLauncherOptions) {
    this.#options = options;
    this.exited = new Promise((resolve) => {
      this.#exit = resolve;
    });
    options.runtime.onEvent((event) => {
      this.#onDomainEvent(event);
    });
    options.runtime.onFailure((reason) => {
      this.#options.logger.error({ reason }, 'the domain cannot go on');
      void this.finish({ succeeded: false, reason });
    });
  }

  get vmi(): VirtualMachineInstance | undefined {
    return this.#vmi;
  }

  #checkVmi(vmi: VirtualMachineInstance): void {
    const expected = this.#options.vmiUid;
    if (expected !== undefined && vmi.metadata.uid !== expected) {
      throw new Error(
        `this launcher runs VMI ${expected}, not ${vmi.metadata.uid ?? '(no uid)'} (metadata.uid)`,
      );
    }
  }

  async sync(vmi: VirtualMachineInstance, useEmulation: boolean): Promise<DomainStatus> {
    this.#checkVmi(vmi);
    if (this.#starting === undefined) {
      this.#vmi = vmi;
      this.#starting = this.#options.runtime.start(vmi, { useEmulation });
      this.#starting.catch(() => {
        // A failed start leaves the launcher able to try again with the next Sync.
        this.#starting = undefined;
      });
      return this.#starting;
    }
    await this.#starting;
    const status = await this.#options.runtime.status();
    if (status === null) throw new Error('the domain is gone');
    return status;
  }

  /**
   * Makes this fresh launcher the target of migration `migrationUid`: its runtime readies
   * libvirt and the migration listener; the domain it receives becomes this launcher's (Sync
   * then waits for it). If the domain never arrives, the launcher exits.
   */
  async prepareMigrationTarget(
    params: PrepareMigrationTargetParams,
  ): Promise<PrepareMigrationTargetResult> {
    this.#checkVmi(params.vmi);
    if (this.#starting !== undefined) {
      throw new Error('this launcher has a domain already: a migration target must be fresh');
    }
    const { migrationUid } = params;
    this.#vmi = params.vmi;
    const incoming = this.#options.runtime.prepareIncoming(params.vmi, {
      migrationUid,
      useEmulation: params.options?.useEmulation === true,
    });
    this.#starting = incoming.then((prepared) => prepared.running);
    this.#starting.then(
      () => {
        this.broadcast('MigrationStatus', { migrationUid, phase: 'Completed' });
      },
      (error: unknown) => {
        const failureReason = error instanceof Error ? error.message : String(error);
        this.broadcast('MigrationStatus', { migrationUid, phase: 'Failed', failureReason });
        void this.finish({ succeeded: false, reason: `incoming migration: ${failureReason}` });
      },
    );
    return { address: (await incoming).address };
  }

  /** Live-migrates the domain; progress and outcome go to every handler as MigrationStatus. */
  async migrate(params: MigrateParams): Promise<Record<string, never>> {
    if (this.#starting === undefined) throw new Error('no domain to migrate: Sync first');
    await this.#starting;
    await this.#options.runtime.migrate(params, (status) => {
      this.broadcast('MigrationStatus', status);
    });
    return {};
  }

  /** Sends an event to every connected handler. */
  broadcast<E extends EventName>(event: E, data: EventData<E>): void {
    for (const connection of this.#connections) {
      connection.sendEvent(event, data).catch(() => undefined);
    }
  }

  /**
   * ACPI shutdown now, destroy when the grace period ends; destroy at once when libvirt refuses
   * the ACPI request (the guest could not act on it).
   */
  async shutdown(gracePeriodSeconds: number): Promise<DomainStatus | null> {
    const runtime = this.#options.runtime;
    if ((await runtime.status()) === null) return null;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => {
      this.#options.logger.info({ gracePeriodSeconds }, 'grace period over: destroying the domain');
      this.#destroy();
    }, gracePeriodSeconds * 1000);
    try {
      await runtime.shutdown();
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'ACPI shutdown refused: destroying the domain');
      clearTimeout(this.#graceTimer);
      await runtime.destroy();
    }
    // The domain may be gone already, and libvirt closed with it.
    return runtime.status().catch(() => null);
  }

  #destroy(): void {
    this.#options.runtime.destroy().catch((error: unknown) => {
      this.#options.logger.warn({ err: error }, 'destroy after the grace period failed');
    });
  }

  /** Runs a request handler, counting it until it answers. */
  track<T>(run: () => Promise<T>): Promise<T> {
    const running = run();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.#inFlight.add(settled);
    void settled.then(() => this.#inFlight.delete(settled));
    return running;
  }

  add(connection: ProtocolConnection): void {
    this.#connections.add(connection);
    connection.onClose(() => this.#connections.delete(connection));
  }

  #onDomainEvent(event: DomainEvent): void {
    this.#options.logger.info(
      { type: event.type, reason: event.reason, state: event.status.state },
      'domain event',
    );
    this.broadcast('DomainEvent', event);
    const exit = finalExit(event.status);
    if (exit !== undefined && this.#starting !== undefined) void this.finish(exit);
  }

  /** Tells the handlers, stops libvirt and resolves `exited` (once). */
  async finish(exit: LauncherExit): Promise<LauncherExit> {
    if (this.#exiting) return this.exited;
    this.#exiting = true;
    clearTimeout(this.#graceTimer);
    this.#options.logger.info(exit, 'launcher exiting');
    await Promise.all(
      [...this.#connections].map((c) =>
        c.sendEvent('LauncherExiting', { reason: exit.reason }).catch(() => undefined),
      ),
    );
    // A Kill's own answer comes after the Stopped event that ends the launcher: let it go out.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.#inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, 5000))),
    ]);
    clearTimeout(timer);
    await Promise.all([...this.#connections].map((c) => c.close()));
    await this.#options.runtime.close();
    this.#exit?.(exit);
    return exit;
  }
}

/** A handler that does `action`, then answers with the domain's status. */
function thenStatus<T>(action: () => Promise<void>, status: () => Promise<T>): () => Promise<T> {
  return async () => {
    await action();
    return status();
  };
}

/** Every handler, counted by `launcher.track` while it runs. */
function tracked(launcher: Launcher, handlers: RequestHandlers): RequestHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(handlers)) {
    const run = handler as (params: unknown) => unknown;
    wrapped[method] = (params: unknown) => launcher.track(() => Promise.resolve(run(params)));
  }
  return wrapped;
}

function requestHandlers(launcher: Launcher, runtime: DomainRuntime): RequestHandlers {
  const status = (): Promise<DomainStatus | null> => runtime.status();
  const grace = (): number => launcher.vmi?.spec.terminationGracePeriodSeconds ?? 30;
  return {
    Sync: (params) => launcher.sync(params.vmi, params.options?.useEmulation === true),
    GetDomain: status,
    Pause: thenStatus(() => runtime.pause(), status),
    Unpause: thenStatus(() => runtime.unpause(), status),
    Kill: thenStatus(() => runtime.destroy(), status),
    Reset: thenStatus(() => runtime.reset(), status),
    SoftReboot: thenStatus(() => runtime.softReboot(), status),
    Shutdown: (params) => launcher.shutdown(params.gracePeriodSeconds ?? grace()),
    Screenshot: async () => ({ png: (await runtime.screenshot()).toString('base64') }),
    GuestInfo: () => runtime.guestInfo(),
    Ping: () => ({}),
    PrepareMigrationTarget: (params) => launcher.prepareMigrationTarget(params),
    Migrate: (params) => launcher.migrate(params),
    CancelMigration: async (params) => {
      await runtime.cancelMigration(params.migrationUid);
      return {};
    },
  };
}

/**
 * Closes the command server: the socket file is unlinked at once; the wait for connections to
 * end (they were closed by `finish`) is bounded.
 */
async function closeWithin(server: PrivateSocketServer, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([server.close(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Starts a launcher: serves the handler↔launcher protocol on `socketDir/launcher.sock` and
 * drives its one domain through `runtime`. It ends (`exited`) when the domain is gone, after
 * telling every connected handler (`LauncherExiting`), closing libvirt and removing its socket.
 */
export async function startVirtLauncher(options: VirtLauncherOptions): Promise<VirtLauncher> {
  const launcher = new Launcher(options);
  const handlers = tracked(launcher, requestHandlers(launcher, options.runtime));
  const accept = async (socket: Socket): Promise<void> => {
    try {
      const connection = await ProtocolConnection.accept(socket, {
        role: 'launcher',
        ...(options.podUid === undefined ? {} : { podUid: options.podUid }),
        ...(options.vmiUid === undefined ? {} : { vmiUid: options.vmiUid }),
        expectPeer: { role: 'handler' },
        requests: handlers,
      });
      launcher.add(connection);
    } catch (error) {
      options.logger.warn({ err: error }, 'refused a connection');
      socket.destroy();
    }
  };
  const server: PrivateSocketServer = await listenPrivate(options.socketDir, 'launcher.sock');
  server.server.on('connection', (socket: Socket) => void accept(socket));
  // The socket is gone before `exited` resolves: virt-tail (and virt-handler) read its
  // disappearance as the launcher's end.
  const exited = launcher.exited.then(async (exit) => {
    await closeWithin(server, 2000);
    return exit;
  });
  return {
    socketPath: server.path,
    exited,
    stop: async (gracePeriodSeconds) => {
      const status = await options.runtime.status();
      if (status === null || finalExit(status) !== undefined) {
        await launcher.finish({ succeeded: true, reason: 'stopped before the domain ran' });
        return exited;
      }
      await launcher.shutdown(
        gracePeriodSeconds ?? launcher.vmi?.spec.terminationGracePeriodSeconds ?? 30,
      );
      return exited;
    },
  };
}
