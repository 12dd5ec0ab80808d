import type { VirtualMachineInstance } from '@podvisor/api';
import type {
  DomainEvent,
  DomainStatus,
  GuestInfo,
  MigrateParams,
  MigrationStatus,
  SyncOptions,
} from '../protocol/v1/index.ts';

/** A target launcher ready for an incoming live migration. */
export interface IncomingMigration {
  /** `host:port` of its migration listener (on the pod IP). */
  readonly address: string;
  /** Resolves once the migrated domain runs here; rejects if the migration failed. */
  readonly running: Promise<DomainStatus>;
}

/**
 * What the launcher needs from the thing that runs its one domain: libvirt in production
 * (`libvirt-runtime.ts`). Every method acts on the domain of the VMI given to `start`.
 */
export interface DomainRuntime {
  /** Prepares the disks, defines the domain and starts it (paused for `startStrategy: Paused`). */
  start(vmi: VirtualMachineInstance, options: SyncOptions): Promise<DomainStatus>;
  /** The domain's status, or `null` before `start` or after it is gone. */
  status(): Promise<DomainStatus | null>;
  pause(): Promise<void>;
  unpause(): Promise<void>;
  /** ACPI power button. */
  shutdown(): Promise<void>;
  /** Pulls the plug. */
  destroy(): Promise<void>;
  reset(): Promise<void>;
  /** A reboot the guest performs (ACPI or guest agent). */
  softReboot(): Promise<void>;
  /** The display as PNG. */
  screenshot(): Promise<Buffer>;
  /** What the guest agent reports, or `null` when no agent answers. */
  guestInfo(): Promise<GuestInfo | null>;
  /**
   * Readies a fresh runtime to receive the VMI's domain by live migration (no domain is
   * defined: the migration brings it) and opens the migration listener for `migrationUid`.
   */
  prepareIncoming(
    vmi: VirtualMachineInstance,
    options: SyncOptions & { migrationUid: string },
  ): Promise<IncomingMigration>;
  /** Live-migrates the domain to a target runtime; resolves once it runs there. */
  migrate(params: MigrateParams, onStatus: (status: MigrationStatus) => void): Promise<void>;
  /** Aborts the running migration `migrationUid`; rejects when there is none. */
  cancelMigration(migrationUid: string): Promise<void>;
  /** Registers the listener of the domain's lifecycle events. */
  onEvent(listener: (event: DomainEvent) => void): void;
  /**
   * Registers the listener of a failure the domain cannot recover from while it runs (the
   * guest's passt ended: its network is gone), with a reason; the launcher then exits.
   */
  onFailure(listener: (reason: string) => void): void;
  /** Stops libvirt and everything it started; the domain is destroyed if it still runs. */
  close(): Promise<void>;
}
