/** The lifecycle event types of libvirt (`virDomainEventType`), as virsh prints them. */
export const lifecycleEventTypes = [
  'Defined',
  'Undefined',
  'Started',
  'Suspended',
  'Resumed',
  'Stopped',
  'Shutdown',
  'PMSuspended',
  'Crashed',
] as const;
export type LifecycleEventType = (typeof lifecycleEventTypes)[number];

interface EventBase {
  readonly domain: string;
  /** virsh's timestamp (`2026-11-25 21:09:29.576+0000`), when it printed one. */
  readonly time?: string;
}

/**
 * A lifecycle change. `detail` is virsh's word for the reason: Started `Booted`; Suspended
 * `Paused`/`I/O Error`/`Watchdog`; Stopped `Shutdown`/`Destroyed`/`Crashed`/`Failed` (QEMU
 * died)/`Migrated`; Shutdown `Finished after guest request`; Crashed `Panicked`…
 */
export interface LifecycleEvent extends EventBase {
  readonly kind: 'lifecycle';
  readonly event: LifecycleEventType;
  readonly detail: string;
}

/** The guest reset itself (or was reset). */
export interface RebootEvent extends EventBase {
  readonly kind: 'reboot';
}

/** A watchdog device fired; `action` is what QEMU did (`reset`, `poweroff`, `pause`…). */
export interface WatchdogEvent extends EventBase {
  readonly kind: 'watchdog';
  readonly action: string;
}

/** A disk I/O error: the disk's source path and alias, QEMU's action and, when given, the cause. */
export interface IoErrorEvent extends EventBase {
  readonly kind: 'io-error';
  readonly path: string;
  readonly alias: string;
  readonly action: string;
  readonly reason?: string;
}

/** The guest agent connected or disconnected. */
export interface AgentEvent extends EventBase {
  readonly kind: 'agent';
  readonly state: 'connected' | 'disconnected';
}

/** One domain event from `virsh event`. */
export type DomainEvent = LifecycleEvent | RebootEvent | WatchdogEvent | IoErrorEvent | AgentEvent;

const linePattern =
  /^(?:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}): )?event '([a-z-]+)' for domain '(.*?)'(?:: (.*))?$/;

function lifecycle(base: EventBase, text: string): LifecycleEvent | undefined {
  const space = text.indexOf(' ');
  const event = space < 0 ? text : text.slice(0, space);
  const found = lifecycleEventTypes.find((type) => type === event);
  if (found === undefined) return undefined;
  return {
    kind: 'lifecycle',
    ...base,
    event: found,
    detail: space < 0 ? '' : text.slice(space + 1),
  };
}

function ioError(base: EventBase, text: string): IoErrorEvent | undefined {
  const match = /^(.*) \((.*?)\) (\S+)(?: due to (.*))?$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined)
    return undefined;
  const reason = match[4];
  return {
    kind: 'io-error',
    ...base,
    path: match[1],
    alias: match[2],
    action: match[3],
    ...(reason === undefined ? {} : { reason }),
  };
}

function agent(base: EventBase, text: string): AgentEvent | undefined {
  const state = /^state: '(connected|disconnected)'/.exec(text)?.[1];
  return state === 'connected' || state === 'disconnected'
    ? { kind: 'agent', ...base, state }
    : undefined;
}

/**
 * Parses one line of `virsh event --all --loop [--timestamp]` (libvirt 9.0's wording) into a
 * typed event; undefined for event kinds the launcher does not use and for anything else.
 */
export function parseDomainEvent(line: string): DomainEvent | undefined {
  const match = linePattern.exec(line.trimEnd());
  if (match?.[2] === undefined || match[3] === undefined) return undefined;
  const base: EventBase =
    match[1] === undefined ? { domain: match[3] } : { domain: match[3], time: match[1] };
  const text = match[4] ?? '';
  switch (match[2]) {
    case 'lifecycle':
      return lifecycle(base, text);
    case 'reboot':
      return { kind: 'reboot', ...base };
    case 'watchdog':
      return text === '' ? undefined : { kind: 'watchdog', ...base, action: text };
    case 'io-error':
      return ioError(base, text);
    case 'agent-lifecycle':
      return agent(base, text);
    default:
      return undefined;
  }
}

/**
 * Whether an event means the guest or QEMU crashed: QEMU died (`Stopped Failed`), libvirt saw a
 * crash (`Stopped Crashed`) or the guest panicked (`Crashed …`).
 */
export function isCrashEvent(event: DomainEvent): boolean {
  if (event.kind !== 'lifecycle') return false;
  if (event.event === 'Crashed') return true;
  return event.event === 'Stopped' && (event.detail === 'Failed' || event.detail === 'Crashed');
}
