/** libvirt's domain states (`virDomainState`), in virsh's words mapped to identifiers. */
export type DomainStateName =
  'nostate' | 'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended';

/** A domain's state and the reason libvirt gives for it (`shutoff` because `crashed`…). */
export interface DomainState {
  readonly state: DomainStateName;
  /** virsh's reason word: `booted`, `user`, `destroyed`, `shutdown`, `crashed`, `unknown`… */
  readonly reason: string;
}

const states: Readonly<Record<string, DomainStateName>> = {
  'no state': 'nostate',
  running: 'running',
  idle: 'blocked',
  paused: 'paused',
  'in shutdown': 'shutdown',
  'shut off': 'shutoff',
  crashed: 'crashed',
  pmsuspended: 'pmsuspended',
};

/**
 * Parses `virsh domstate --reason` output (`shut off (crashed)`, `running (booted)`); undefined
 * for text in any other shape.
 */
export function parseDomainState(text: string): DomainState | undefined {
  const match = /^([a-z ]+?)\s*\(([^)]*)\)$/.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const state = states[match[1]];
  return state === undefined ? undefined : { state, reason: match[2].trim() };
}
