import { type DomainStatus, readDomainStatus } from './domain-status.ts';
import { FieldReader } from './field-reader.ts';
import { InvalidFieldError } from './invalid-field-error.ts';

/** libvirt's lifecycle event kinds, plus the guest agent connecting and disconnecting. */
export const domainEventTypes = [
  'Defined',
  'Undefined',
  'Started',
  'Suspended',
  'Resumed',
  'Stopped',
  'Shutdown',
  'PMSuspended',
  'Crashed',
  'AgentConnected',
  'AgentDisconnected',
] as const;

/** What happened to the domain. */
export type DomainEventType = (typeof domainEventTypes)[number];

/** Something happened to the domain (from libvirt's events, not from polling). */
export interface DomainEvent {
  type: DomainEventType;
  /** libvirt's detail (`Booted`, `Destroyed`, `Panicked`...). */
  reason: string;
  /** The domain's status after the event. */
  status: DomainStatus;
  /** When it happened (RFC 3339). */
  timestamp: string;
}

/** The launcher is about to exit (its domain is gone, or it was told to stop). */
export interface LauncherExiting {
  reason: string;
}

/** Where a live migration stands, as the launcher running it sees it. */
export const migrationPhases = ['Running', 'Completed', 'Failed'] as const;
export type MigrationPhase = (typeof migrationPhases)[number];

/**
 * Progress and outcome of a live migration (the source launcher sends it while `Migrate` runs
 * and once at its end; the target launcher sends `Completed` when the incoming domain runs).
 */
export interface MigrationStatus {
  migrationUid: string;
  phase: MigrationPhase;
  /** Why it failed (`Failed` only). */
  failureReason?: string;
  /** Milliseconds since the migration started. */
  elapsedMs?: number;
  /** Guest memory (and disk) bytes sent, left and in all. */
  dataProcessedBytes?: number;
  dataRemainingBytes?: number;
  dataTotalBytes?: number;
  /** How long the guest was paused at the switch-over (`Completed`). */
  downtimeMs?: number;
}

/** Every one-way event: its data. Either side may send any of them. */
export interface EventMap {
  DomainEvent: DomainEvent;
  LauncherExiting: LauncherExiting;
  MigrationStatus: MigrationStatus;
}

/** The name of an event. */
export type EventName = keyof EventMap;
/** The data of event `E`. */
export type EventData<E extends EventName> = EventMap[E];

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function readDomainEvent(value: unknown, path: string): DomainEvent {
  const event = FieldReader.of(value, path);
  event.oneOf('type', domainEventTypes);
  event.string('reason');
  readDomainStatus(event.raw('status'), event.pathOf('status'));
  const timestamp = event.string('timestamp');
  if (!rfc3339.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    throw new InvalidFieldError(
      event.pathOf('timestamp'),
      `must be an RFC 3339 time, got "${timestamp}"`,
    );
  }
  return value as DomainEvent;
}

function readLauncherExiting(value: unknown, path: string): LauncherExiting {
  FieldReader.of(value, path).string('reason');
  return value as LauncherExiting;
}

function readMigrationStatus(value: unknown, path: string): MigrationStatus {
  const status = FieldReader.of(value, path);
  status.string('migrationUid', { nonEmpty: true });
  status.oneOf('phase', migrationPhases);
  status.optionalString('failureReason');
  for (const key of [
    'elapsedMs',
    'dataProcessedBytes',
    'dataRemainingBytes',
    'dataTotalBytes',
    'downtimeMs',
  ]) {
    status.optionalNumber(key, { min: 0, integer: true });
  }
  return value as MigrationStatus;
}

/** The check for every event's data, by name; each throws an `InvalidFieldError`. */
export const events: {
  readonly [E in EventName]: (value: unknown, path: string) => EventData<E>;
} = {
  DomainEvent: readDomainEvent,
  LauncherExiting: readLauncherExiting,
  MigrationStatus: readMigrationStatus,
};

/** True when `name` is an event of this protocol version. */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
