import type { VirtualMachineInstance } from '@podvisor/api';
import type { DomainEvent, DomainStatus, GuestInfo, SyncOptions } from '../protocol/v1/index.ts';

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
  /** Registers the listener of the domain's lifecycle events. */
  onEvent(listener: (event: DomainEvent) => void): void;
  /** Stops libvirt and everything it started; the domain is destroyed if it still runs. */
  close(): Promise<void>;
}
