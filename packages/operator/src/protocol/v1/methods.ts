import type { VirtualMachineInstance, VirtualMachineInstanceNetworkInterface } from '@podvisor/api';
import {
  type DomainStatus,
  type GuestOsInfo,
  readDomainStatus,
  readDomainStatusOrNull,
  readGuestOsInfo,
  readNetworkInterface,
} from './domain-status.ts';
import { FieldReader } from './field-reader.ts';
import { InvalidFieldError } from './invalid-field-error.ts';

/** Params of a method that takes none (send `{}`). */
export type EmptyParams = Record<string, never>;
/** The result of a method that returns nothing but success (`{}`). */
export type EmptyResult = Record<string, never>;

/** How to start the domain. */
export interface SyncOptions {
  /** Force software emulation (TCG) even where KVM works (the KubeVirt CR's `useEmulation`). */
  useEmulation?: boolean;
}

/** Define and start the domain for this VMI (or bring a running one in line with it). */
export interface SyncParams {
  vmi: VirtualMachineInstance;
  options?: SyncOptions;
}

/** ACPI power-off; the launcher destroys the domain when the grace period ends. */
export interface ShutdownParams {
  gracePeriodSeconds?: number;
}

/**
 * Live-migrate the domain to the target launcher; resolves once the migration completed (the
 * domain then runs on the target and the source launcher exits), rejects with the reason.
 */
export interface MigrateParams {
  /** Where the target launcher's migration listener accepts (`tcp://host:port`). */
  targetUri: string;
  /** The VMIM's uid: the token the target's listener checks (required by the launcher). */
  migrationUid?: string;
  /** Bandwidth limit of the memory stream, MiB/s (0 or absent: unlimited). */
  bandwidthMiBps?: number;
  allowAutoConverge?: boolean;
  allowPostCopy?: boolean;
  /** The migration is aborted (or switched to post-copy) after this many seconds per GiB of guest memory (default 150). */
  completionTimeoutPerGiBSeconds?: number;
  /** The longest pause of the guest at the switch-over, ms (default 300). */
  maxDowntimeMs?: number;
}

/** Make this (fresh) launcher ready to receive the VMI's domain from a live migration. */
export interface PrepareMigrationTargetParams {
  vmi: VirtualMachineInstance;
  /** The VMIM's uid: the token the source must present. */
  migrationUid: string;
  options?: SyncOptions;
}

/** Where the target's migration listener accepts the source launcher's connections. */
export interface PrepareMigrationTargetResult {
  /** `host:port` on the target pod's IP. */
  address: string;
}

/** Abort the running migration `migrationUid` (the guest keeps running on the source). */
export interface CancelMigrationParams {
  migrationUid: string;
}

/** A screenshot of the guest's display. */
export interface ScreenshotResult {
  /** The PNG file, base64-encoded. */
  png: string;
}

/** What the guest agent reports. */
export interface GuestInfo {
  guestAgentVersion?: string;
  hostname?: string;
  os?: GuestOsInfo;
  timezone?: string;
  interfaces?: VirtualMachineInstanceNetworkInterface[];
}

/** Every method: its params and its result. Either side may serve any of them. */
export interface MethodMap {
  Sync: { params: SyncParams; result: DomainStatus };
  Pause: { params: EmptyParams; result: DomainStatus | null };
  Unpause: { params: EmptyParams; result: DomainStatus | null };
  Shutdown: { params: ShutdownParams; result: DomainStatus | null };
  Kill: { params: EmptyParams; result: DomainStatus | null };
  Reset: { params: EmptyParams; result: DomainStatus | null };
  SoftReboot: { params: EmptyParams; result: DomainStatus | null };
  GetDomain: { params: EmptyParams; result: DomainStatus | null };
  Screenshot: { params: EmptyParams; result: ScreenshotResult };
  GuestInfo: { params: EmptyParams; result: GuestInfo | null };
  Ping: { params: EmptyParams; result: EmptyResult };
  Migrate: { params: MigrateParams; result: EmptyResult };
  PrepareMigrationTarget: {
    params: PrepareMigrationTargetParams;
    result: PrepareMigrationTargetResult;
  };
  CancelMigration: { params: CancelMigrationParams; result: EmptyResult };
}

/** The name of a method. */
export type MethodName = keyof MethodMap;
/** The params of method `M`. */
export type MethodParams<M extends MethodName> = MethodMap[M]['params'];
/** The result of method `M`. */
export type MethodResult<M extends MethodName> = MethodMap[M]['result'];

/** Checks what crosses the wire for one method; each check throws an `InvalidFieldError`. */
export interface MethodCodec<P, R> {
  readParams: (value: unknown, path: string) => P;
  readResult: (value: unknown, path: string) => R;
}

function readEmpty(value: unknown, path: string): Record<string, never> {
  FieldReader.of(value, path);
  return {};
}

function readVmi(value: unknown, path: string): VirtualMachineInstance {
  const vmi = FieldReader.of(value, path);
  vmi.optionalString('apiVersion');
  vmi.optionalString('kind');
  const metadata = vmi.object('metadata');
  metadata.string('name', { nonEmpty: true });
  metadata.optionalString('namespace');
  metadata.optionalString('uid');
  vmi.object('spec').object('domain').object('devices');
  return value as VirtualMachineInstance;
}

function readSyncParams(value: unknown, path: string): SyncParams {
  const params = FieldReader.of(value, path);
  readVmi(params.raw('vmi'), params.pathOf('vmi'));
  params.optionalObject('options')?.optionalBoolean('useEmulation');
  return value as SyncParams;
}

function readPrepareMigrationTargetParams(
  value: unknown,
  path: string,
): PrepareMigrationTargetParams {
  const params = FieldReader.of(value, path);
  readVmi(params.raw('vmi'), params.pathOf('vmi'));
  params.string('migrationUid', { nonEmpty: true });
  params.optionalObject('options')?.optionalBoolean('useEmulation');
  return value as PrepareMigrationTargetParams;
}

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

function readPrepareMigrationTargetResult(
  value: unknown,
  path: string,
): PrepareMigrationTargetResult {
  const result = FieldReader.of(value, path);
  const address = result.string('address', { nonEmpty: true });
  const port = Number(hostPort.exec(address)?.[2] ?? 0);
  if (port < 1 || port > 65535) {
    throw new InvalidFieldError(result.pathOf('address'), `must be host:port, got "${address}"`);
  }
  return value as PrepareMigrationTargetResult;
}

function readCancelMigrationParams(value: unknown, path: string): CancelMigrationParams {
  FieldReader.of(value, path).string('migrationUid', { nonEmpty: true });
  return value as CancelMigrationParams;
}

function readShutdownParams(value: unknown, path: string): ShutdownParams {
  FieldReader.of(value, path).optionalNumber('gracePeriodSeconds', { min: 0, integer: true });
  return value as ShutdownParams;
}

function readMigrateParams(value: unknown, path: string): MigrateParams {
  const params = FieldReader.of(value, path);
  params.string('targetUri', { nonEmpty: true });
  params.optionalString('migrationUid');
  params.optionalNumber('bandwidthMiBps', { min: 0 });
  params.optionalBoolean('allowAutoConverge');
  params.optionalBoolean('allowPostCopy');
  params.optionalNumber('completionTimeoutPerGiBSeconds', { min: 0, integer: true });
  params.optionalNumber('maxDowntimeMs', { min: 1, integer: true });
  return value as MigrateParams;
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function readScreenshot(value: unknown, path: string): ScreenshotResult {
  const result = FieldReader.of(value, path);
  const png = result.string('png', { nonEmpty: true });
  if (png.length % 4 !== 0 || !base64.test(png)) {
    throw new InvalidFieldError(result.pathOf('png'), 'must be base64 (RFC 4648, padded)');
  }
  return value as ScreenshotResult;
}

function readGuestInfo(value: unknown, path: string): GuestInfo | null {
  if (value === null) return null;
  const info = FieldReader.of(value, path);
  info.optionalString('guestAgentVersion');
  info.optionalString('hostname');
  info.optionalString('timezone');
  if (info.has('os')) readGuestOsInfo(info.raw('os'), info.pathOf('os'));
  info.optionalArray('interfaces', readNetworkInterface);
  return value as GuestInfo;
}

/** A lifecycle method: no params (or the given reader's), the domain status after it. */
function lifecycle<P>(
  readParams: (value: unknown, path: string) => P,
): MethodCodec<P, DomainStatus | null> {
  return { readParams, readResult: readDomainStatusOrNull };
}

/** The checks for every method, by name. */
export const methods: {
  readonly [M in MethodName]: MethodCodec<MethodParams<M>, MethodResult<M>>;
} = {
  Sync: { readParams: readSyncParams, readResult: readDomainStatus },
  Pause: lifecycle(readEmpty),
  Unpause: lifecycle(readEmpty),
  Shutdown: lifecycle(readShutdownParams),
  Kill: lifecycle(readEmpty),
  Reset: lifecycle(readEmpty),
  SoftReboot: lifecycle(readEmpty),
  GetDomain: lifecycle(readEmpty),
  Screenshot: { readParams: readEmpty, readResult: readScreenshot },
  GuestInfo: { readParams: readEmpty, readResult: readGuestInfo },
  Ping: { readParams: readEmpty, readResult: readEmpty },
  Migrate: { readParams: readMigrateParams, readResult: readEmpty },
  PrepareMigrationTarget: {
    readParams: readPrepareMigrationTargetParams,
    readResult: readPrepareMigrationTargetResult,
  },
  CancelMigration: { readParams: readCancelMigrationParams, readResult: readEmpty },
};

/** True when `name` is a method of this protocol version. */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
