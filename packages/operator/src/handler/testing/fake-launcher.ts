import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import {
  listenPrivate,
  ProtocolConnection,
  type DomainEventType,
  type DomainStatus,
  type MethodName,
  type MigrateParams,
  type MigrationStatus,
  type PrivateSocketServer,
  type RequestHandlers,
} from '../../protocol/v1/index.ts';
import { launcherPodLayout, launcherSocketDir } from '../../shared/launcher-pod-layout.ts';

/** Where a {@link FakeLauncher} listens and who it says it is. */
export interface FakeLauncherOptions {
  /** The node's pod directories, as virt-handler sees them. */
  readonly podsDir: string;
  readonly podUid: string;
  readonly vmiUid: string;
  /** The libvirt domain name (`<namespace>_<name>`). */
  readonly domainName: string;
  /** What `PrepareMigrationTarget` answers. */
  readonly migrationAddress?: string;
}

/** One request the fake launcher served. */
export interface FakeCall {
  readonly method: MethodName;
  readonly params: unknown;
}

interface PendingMigrate {
  readonly params: MigrateParams;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * A stand-in for virt-launcher on the handler↔launcher protocol (no libvirt, no QEMU): it
 * listens on the pod's launcher socket, answers Sync (the domain runs), GetDomain, Ping,
 * GuestInfo, Shutdown, PrepareMigrationTarget and CancelMigration, and holds each `Migrate`
 * until the test settles it. The test moves its domain and sends events, as a real launcher
 * would. For tests of virt-handler's paths against the embedded API server.
 */
export class FakeLauncher {
  /** The domain GetDomain answers (`null`: none). */
  domain: DomainStatus | null = null;
  readonly calls: FakeCall[] = [];
  readonly #options: FakeLauncherOptions;
  readonly #connections = new Set<ProtocolConnection>();
  #server: PrivateSocketServer | undefined;
  #migrate: PendingMigrate | undefined;
  #migrateWaiters: ((params: MigrateParams) => void)[] = [];

  constructor(options: FakeLauncherOptions) {
    this.#options = options;
  }

  /** Starts listening on `<podsDir>/<podUid>/…/sockets/launcher.sock`. */
  async start(): Promise<void> {
    const dir = launcherSocketDir(this.#options.podsDir, this.#options.podUid);
    // kubelet lays out the pod's volume directories before the container starts.
    await mkdir(dirname(dir), { recursive: true });
    this.#server = await listenPrivate(dir, launcherPodLayout.socketName);
    this.#server.server.on('connection', (socket: Socket) => void this.#accept(socket));
  }

  /** The methods called so far, in order. */
  methods(): MethodName[] {
    return this.calls.map((call) => call.method);
  }

  /** A domain of this VMI in `state`. */
  status(state: DomainStatus['state'], reason = ''): DomainStatus {
    return { name: this.#options.domainName, state, reason, accel: 'tcg' };
  }

  /** Sets the domain and tells every connected handler (a `DomainEvent`). */
  async moveDomain(type: DomainEventType, status: DomainStatus): Promise<void> {
    this.domain = status;
    const timestamp = new Date().toISOString();
    await this.#broadcast((c) =>
      c.sendEvent('DomainEvent', { type, reason: status.reason, status, timestamp }),
    );
  }

  /** Sends a `MigrationStatus` event to every connected handler. */
  async reportMigration(status: MigrationStatus): Promise<void> {
    await this.#broadcast((c) => c.sendEvent('MigrationStatus', status));
  }

  /** Resolves with the params of the next (or the pending) `Migrate` call. */
  migrateCalled(): Promise<MigrateParams> {
    if (this.#migrate !== undefined) return Promise.resolve(this.#migrate.params);
    return new Promise((resolve) => this.#migrateWaiters.push(resolve));
  }

  /** Answers the pending `Migrate`: success, or an error with `failure` as its message. */
  settleMigrate(failure?: string): void {
    const pending = this.#migrate;
    if (pending === undefined) throw new Error('no Migrate call is pending');
    this.#migrate = undefined;
    if (failure === undefined) pending.resolve();
    else pending.reject(new Error(failure));
  }

  /** Says it is exiting, then stops listening and hangs up, as a launcher whose domain left. */
  async exit(reason: string): Promise<void> {
    await this.#broadcast((c) => c.sendEvent('LauncherExiting', { reason }));
    await this.close();
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    // The server's close waits for its connections: they go first.
    const connections = [...this.#connections];
    this.#connections.clear();
    await Promise.all(connections.map((c) => c.close()));
    await server?.close();
  }

  async #broadcast(send: (connection: ProtocolConnection) => Promise<void>): Promise<void> {
    await Promise.all([...this.#connections].map(send));
  }

  async #accept(socket: Socket): Promise<void> {
    try {
      const connection = await ProtocolConnection.accept(socket, {
        role: 'launcher',
        podUid: this.#options.podUid,
        vmiUid: this.#options.vmiUid,
        expectPeer: { role: 'handler' },
        requests: this.#handlers(),
      });
      this.#connections.add(connection);
      connection.onClose(() => this.#connections.delete(connection));
    } catch {
      socket.destroy();
    }
  }

  #record(method: MethodName, params: unknown): void {
    this.calls.push({ method, params });
  }

  #handlers(): RequestHandlers {
    return {
      Sync: (params) => {
        this.#record('Sync', params);
        this.domain = this.status('Running', 'Booted');
        return this.domain;
      },
      GetDomain: () => this.domain,
      Ping: () => ({}),
      GuestInfo: () => null,
      Shutdown: (params) => {
        this.#record('Shutdown', params);
        return this.domain;
      },
      PrepareMigrationTarget: (params) => {
        this.#record('PrepareMigrationTarget', params);
        return { address: this.#options.migrationAddress ?? '127.0.0.1:49152' };
      },
      Migrate: (params) => {
        this.#record('Migrate', params);
        return new Promise((resolve, reject) => {
          this.#migrate = {
            params,
            resolve: () => {
              resolve({});
            },
            reject,
          };
          for (const waiter of this.#migrateWaiters.splice(0)) waiter(params);
        });
      },
      CancelMigration: (params) => {
        this.#record('CancelMigration', params);
        this.settleMigrate('operation aborted: migration job: canceled by client');
        return {};
      },
    };
  }
}
