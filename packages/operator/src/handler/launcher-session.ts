import { realClock, type Clock, type ClockTimer, type Logger } from '@podvisor/kube';
import {
  connectNoFollow,
  ProtocolConnection,
  type DomainEvent,
  type DomainStatus,
  type GuestInfo,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type MigrationStatus,
  type RequestOptions,
} from '../protocol/v1/index.ts';
import { launcherPodLayout, launcherSocketDir } from '../shared/launcher-pod-layout.ts';

/** Options of a {@link LauncherSession}. */
export interface LauncherSessionOptions {
  /** The node's pod directories, as this process sees them. */
  readonly podsDir: string;
  /** The real path of `podsDir`: nothing below it is followed if it is a symlink. */
  readonly trustedRoot: string;
  readonly podUid: string;
  readonly vmiUid: string;
  readonly logger: Logger;
  /** A launcher that answers nothing for this long is unresponsive. */
  readonly watchdogTimeoutMs: number;
  /** Something the VMI's status depends on changed: reconcile it. */
  readonly onChange: () => void;
  /** The launcher reported a domain event. */
  readonly onDomainEvent?: (event: DomainEvent) => void;
  readonly clock?: Clock;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * virt-handler's link to one launcher (one VMI on one pod): connects to the pod's command socket
 * without following symlinks, keeps the connection, records what the launcher says about its
 * domain (answers and `DomainEvent`s) and pings it, so that {@link unresponsive} turns true once
 * it has answered nothing for the watchdog timeout. A dropped connection is dialled again on the
 * next request or ping; the VMI's state (synced, shut down) stays with the session.
 */
export class LauncherSession {
  readonly podUid: string;
  readonly vmiUid: string;
  /** The launcher's last word on the domain: `undefined` before any, `null` for no domain. */
  domain: DomainStatus | null | undefined;
  guestInfo: GuestInfo | null | undefined;
  /** The message of the last failed Sync, until one succeeds. */
  syncError: string | undefined;
  /** A Sync of this VMI succeeded on this launcher. */
  synced = false;
  /** Shutdown was sent (the VMI is being deleted). */
  shutdownSent = false;
  /** The launcher said it is exiting (`LauncherExiting`), and why. */
  exiting: string | undefined;
  /** The launcher's last word on a live migration (`MigrationStatus`). */
  migration: MigrationStatus | undefined;
  readonly #options: LauncherSessionOptions;
  readonly #clock: Clock;
  #connection: ProtocolConnection | undefined;
  #connecting: Promise<ProtocolConnection> | undefined;
  #dialFailures = 0;
  #lastContact: number;
  #reportedUnresponsive = false;
  #pingTimer: ClockTimer | undefined;
  #closed = false;

  constructor(options: LauncherSessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.podUid = options.podUid;
    this.vmiUid = options.vmiUid;
    this.#lastContact = this.#clock.now();
  }

  /** Whether the connection is up now. */
  get connected(): boolean {
    return this.#connection !== undefined;
  }

  /**
   * True once the launcher has answered nothing (no ping, request or event) for the watchdog
   * timeout; never after it said it is exiting (its socket is meant to go away then).
   */
  unresponsive(): boolean {
    if (this.exiting !== undefined || this.#closed) return false;
    return this.#clock.now() - this.#lastContact > this.#options.watchdogTimeoutMs;
  }

  /** Starts the watchdog's pings. */
  start(): void {
    this.#schedulePing();
  }

  /** The open connection, dialling the launcher's socket first when there is none. */
  connect(): Promise<ProtocolConnection> {
    if (this.#closed) return Promise.reject(new Error('the launcher session is closed'));
    if (this.#connection !== undefined) return Promise.resolve(this.#connection);
    this.#connecting ??= this.#dial()
      .then(
        (connection) => {
          this.#dialFailures = 0;
          return connection;
        },
        (error: unknown) => {
          // The first failure in a row is worth a warning (a wrong path, a refused peer); the
          // watchdog reports a launcher that stays out of reach.
          if (this.#dialFailures++ === 0)
            this.#options.logger.warn({ err: error }, 'cannot connect to the launcher');
          throw error;
        },
      )
      .finally(() => {
        this.#connecting = undefined;
      });
    return this.#connecting;
  }

  /** Calls `method` on the launcher (connecting if needed); any answer counts as contact. */
  async request<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
    options?: RequestOptions,
  ): Promise<MethodResult<M>> {
    const connection = await this.connect();
    const result = await connection.request(method, params, options);
    this.#touch();
    return result;
  }

  /** Asks for the domain and the guest agent's report (the periodic resync); errors are logged. */
  async refresh(): Promise<void> {
    try {
      this.domain = await this.request('GetDomain', {});
      if (this.domain !== null && this.domain.state !== 'Shutoff') {
        this.guestInfo = await this.request('GuestInfo', {}, { timeoutMs: 10_000 });
      }
    } catch (error) {
      this.#options.logger.debug({ err: error }, 'resync: the launcher did not answer');
    }
  }

  /** Stops pinging and closes the connection (the launcher and its domain are left alone). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pingTimer?.cancel();
    const connection = this.#connection ?? (await this.#connecting?.catch(() => undefined));
    this.#connection = undefined;
    await connection?.close();
  }

  async #dial(): Promise<ProtocolConnection> {
    const dir = launcherSocketDir(this.#options.podsDir, this.podUid);
    const socket = await connectNoFollow(dir, launcherPodLayout.socketName, {
      trustedRoot: this.#options.trustedRoot,
    });
    const connection = await ProtocolConnection.dial(socket, {
      role: 'handler',
      podUid: this.podUid,
      vmiUid: this.vmiUid,
      expectPeer: { role: 'launcher' },
      events: {
        DomainEvent: (event) => {
          this.#onDomainEvent(event);
        },
        LauncherExiting: ({ reason }) => {
          this.exiting = reason;
          this.#options.onChange();
        },
        MigrationStatus: (status) => {
          this.#onMigrationStatus(status);
        },
      },
    });
    if (this.#closed) {
      await connection.close();
      throw new Error('the launcher session is closed');
    }
    connection.onError((error) => {
      this.#options.logger.warn({ err: error }, 'the launcher sent something unusable');
    });
    connection.onClose((reason) => {
      this.#connection = undefined;
      if (this.#closed) return;
      this.#options.logger.info({ reason: reason.message }, 'the launcher connection closed');
      this.#options.onChange();
    });
    this.#connection = connection;
    this.#touch();
    this.#options.logger.info({ podUid: this.podUid }, 'connected to the launcher');
    return connection;
  }

  #onDomainEvent(event: DomainEvent): void {
    this.domain = event.status;
    this.#touch();
    this.#options.onDomainEvent?.(event);
    this.#options.onChange();
  }

  #onMigrationStatus(status: MigrationStatus): void {
    const changed = this.migration?.phase !== status.phase;
    this.migration = status;
    this.#touch();
    // Progress reports are kept; only a new phase is news for the VMI.
    if (changed) this.#options.onChange();
  }

  #touch(): void {
    this.#lastContact = this.#clock.now();
    this.#reportedUnresponsive = false;
  }

  #pingIntervalMs(): number {
    return Math.min(5_000, Math.max(250, Math.floor(this.#options.watchdogTimeoutMs / 6)));
  }

  #schedulePing(): void {
    if (this.#closed) return;
    this.#pingTimer = this.#clock.setTimer(() => {
      void this.#ping().finally(() => {
        this.#schedulePing();
      });
    }, this.#pingIntervalMs());
  }

  async #ping(): Promise<void> {
    // A launcher that said it is exiting and hung up is gone on purpose: no need to dial it.
    if (this.exiting !== undefined && this.#connection === undefined) return;
    try {
      await this.request('Ping', {}, { timeoutMs: this.#pingIntervalMs() * 2 });
    } catch (error) {
      this.#options.logger.debug({ err: messageOf(error) }, 'the launcher did not answer a ping');
    }
    if (this.unresponsive() && !this.#reportedUnresponsive) {
      this.#reportedUnresponsive = true;
      this.#options.logger.warn(
        { watchdogTimeoutMs: this.#options.watchdogTimeoutMs },
        'the launcher is unresponsive',
      );
      this.#options.onChange();
    }
  }
}
