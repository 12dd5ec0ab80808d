import type { DomainStatus, MigrateParams, MigrationStatus } from '../../protocol/v1/index.ts';
import type { IncomingMigration } from '../domain-runtime.ts';
import type { MigrationContext } from './migration-context.ts';
import { migrateDomain } from './migrate-domain.ts';
import type { MigrationListener } from './migration-listener.ts';
import { type IncomingMigrationOptions, openIncomingMigration } from './open-incoming-migration.ts';

/** An incoming migration waiting for its domain. */
interface Incoming {
  readonly listener: MigrationListener;
  resolve(status: DomainStatus): void;
  reject(error: Error): void;
}

/** A lifecycle event of the domain, as far as migrations care. */
export interface LifecycleChange {
  readonly event: string;
  readonly detail: string;
}

/**
 * A runtime's migrations: at most one incoming (this launcher is the target) and one outgoing
 * (the source). The runtime passes its lifecycle events in, which settle the incoming one.
 */
export class MigrationSlots {
  readonly #status: () => Promise<DomainStatus | null>;
  #incoming: Incoming | undefined;
  #outgoing: { uid: string; controller: AbortController } | undefined;

  /** `status` reads the domain's status (`null` while it does not exist). */
  constructor(status: () => Promise<DomainStatus | null>) {
    this.#status = status;
  }

  /** Opens the migration listener; `running` settles with the arriving domain. */
  async openIncoming(options: IncomingMigrationOptions): Promise<IncomingMigration> {
    const listener = await openIncomingMigration(options);
    const running = new Promise<DomainStatus>((resolve, reject) => {
      this.#incoming = { listener, resolve, reject };
    });
    void listener.closed.then(() => {
      this.#incoming?.reject(new Error('the migration listener closed before the domain arrived'));
      this.#incoming = undefined;
    });
    return { address: listener.address, running };
  }

  /** Settles a pending incoming migration: its domain runs, or it stopped (the migration failed). */
  onLifecycle(change: LifecycleChange): void {
    const pending = this.#incoming;
    if (pending === undefined) return;
    if (change.event === 'Stopped' || change.event === 'Crashed') {
      this.#incoming = undefined;
      pending.reject(new Error(`the incoming migration failed (${change.event} ${change.detail})`));
      void pending.listener.close({ destroyConnections: true });
      return;
    }
    this.#status()
      .then((current) => {
        if (current?.state !== 'Running' || this.#incoming !== pending) return;
        this.#incoming = undefined;
        pending.resolve(current);
        void pending.listener.close();
      })
      .catch(() => undefined);
  }

  /** Runs an outgoing migration (one at a time), cancellable by {@link cancel}. */
  async migrate(
    context: MigrationContext,
    params: MigrateParams,
    onStatus: (status: MigrationStatus) => void,
  ): Promise<void> {
    if (this.#outgoing !== undefined) {
      throw new Error(`migration ${this.#outgoing.uid} is running already`);
    }
    const controller = new AbortController();
    this.#outgoing = { uid: params.migrationUid ?? '', controller };
    try {
      await migrateDomain({ context, params, onStatus, signal: controller.signal });
    } finally {
      this.#outgoing = undefined;
    }
  }

  /** Aborts the outgoing migration `migrationUid`; rejects when it is not running. */
  cancel(migrationUid: string): Promise<void> {
    if (this.#outgoing?.uid !== migrationUid) {
      return Promise.reject(new Error(`no migration ${migrationUid} is running here`));
    }
    this.#outgoing.controller.abort(`migration ${migrationUid} cancelled`);
    return Promise.resolve();
  }

  /** Closes the listener of a pending incoming migration, cutting its connections. */
  async close(): Promise<void> {
    this.#outgoing?.controller.abort('the launcher is stopping');
    await this.#incoming?.listener.close({ destroyConnections: true });
  }
}
