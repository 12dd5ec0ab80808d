// What qemu-guest-agent says about the guest, as the protocol's GuestInfo (KubeVirt's
// `guestosinfo`): the agent's replies are checked field by field, and anything missing or of the
// wrong type is left out rather than trusted.
import type { VirtualMachineInstanceNetworkInterface } from '@podvisor/api';
import type { GuestInfo, GuestOsInfo } from '../protocol/v1/index.ts';

/** The `return` values of the agent commands GuestInfo is made of; a missing one is skipped. */
export interface GuestAgentReplies {
  /** `guest-info`: `{ version, supported_commands }`. */
  readonly info?: unknown;
  /** `guest-get-host-name`: `{ "host-name" }`. */
  readonly hostName?: unknown;
  /** `guest-get-osinfo`: `{ id, name, "pretty-name", version, "version-id", "kernel-release"… }`. */
  readonly osInfo?: unknown;
  /** `guest-get-timezone`: `{ zone?, offset }`. */
  readonly timezone?: unknown;
  /** `guest-network-get-interfaces`: `[{ name, "hardware-address", "ip-addresses" }]`. */
  readonly interfaces?: unknown;
}

/** The agent command behind each member of {@link GuestAgentReplies}, in the order to ask them. */
export const guestAgentCommands: readonly (readonly [keyof GuestAgentReplies, string])[] = [
  ['info', 'guest-info'],
  ['hostName', 'guest-get-host-name'],
  ['osInfo', 'guest-get-osinfo'],
  ['timezone', 'guest-get-timezone'],
  ['interfaces', 'guest-network-get-interfaces'],
];

type JsonRecord = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringAt(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

/** The agent's `guest-get-osinfo` member behind each GuestOsInfo field. */
const osInfoFields: readonly (readonly [keyof GuestOsInfo, string])[] = [
  ['name', 'name'],
  ['prettyName', 'pretty-name'],
  ['version', 'version'],
  ['versionId', 'version-id'],
  ['id', 'id'],
  ['kernelRelease', 'kernel-release'],
  ['kernelVersion', 'kernel-version'],
  ['machine', 'machine'],
];

function osInfoOf(value: unknown): GuestOsInfo | undefined {
  const os: GuestOsInfo = {};
  for (const [field, key] of osInfoFields) {
    const text = stringAt(value, key);
    if (text !== undefined) os[field] = text;
  }
  return Object.keys(os).length > 0 ? os : undefined;
}

/** KubeVirt's spelling: `<zone>, <offset in seconds>` (`UTC, 0`; the zone may be empty). */
function timezoneOf(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value['offset'] !== 'number') return undefined;
  return `${stringAt(value, 'zone') ?? ''}, ${String(value['offset'])}`;
}

function addressesOf(value: JsonRecord): { ip: string; v4: boolean }[] {
  const list = value['ip-addresses'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const ip = stringAt(entry, 'ip-address');
    if (ip === undefined) return [];
    return [{ ip, v4: stringAt(entry, 'ip-address-type') === 'ipv4' }];
  });
}

function interfaceOf(value: unknown): VirtualMachineInstanceNetworkInterface[] {
  const name = stringAt(value, 'name');
  if (!isRecord(value) || name === undefined || name === 'lo') return [];
  const result: VirtualMachineInstanceNetworkInterface = {
    interfaceName: name,
    infoSource: 'guest-agent',
  };
  const mac = stringAt(value, 'hardware-address');
  if (mac !== undefined) result.mac = mac;
  const addresses = addressesOf(value);
  // The primary address is the first IPv4 one, as a pod's; else the first of any kind.
  const primary = addresses.find((a) => a.v4) ?? addresses[0];
  if (primary !== undefined) {
    result.ipAddress = primary.ip;
    result.ipAddresses = addresses.map((a) => a.ip);
  }
  return [result];
}

/**
 * Maps the agent's replies to the protocol's GuestInfo: agent version, host name, OS info,
 * timezone (`zone, offset`) and the guest's interfaces except loopback, each with
 * `interfaceName` (the guest's name for it), `mac`, `ipAddress` (first IPv4) and `ipAddresses`.
 */
export function guestAgentInfo(replies: GuestAgentReplies): GuestInfo {
  const info: GuestInfo = {};
  const version = stringAt(replies.info, 'version');
  if (version !== undefined) info.guestAgentVersion = version;
  const hostname = stringAt(replies.hostName, 'host-name');
  if (hostname !== undefined) info.hostname = hostname;
  const os = osInfoOf(replies.osInfo);
  if (os !== undefined) info.os = os;
  const timezone = timezoneOf(replies.timezone);
  if (timezone !== undefined) info.timezone = timezone;
  if (Array.isArray(replies.interfaces)) {
    info.interfaces = replies.interfaces.flatMap((entry: unknown) => interfaceOf(entry));
  }
  return info;
}

/** Sends one guest-agent command; a VirshError (code `agent-unavailable`…) when it fails. */
export interface GuestAgentChannel {
  guestAgent(name: string, command: { execute: string }): Promise<unknown>;
}

const codeOf = (error: unknown): unknown => (isRecord(error) ? error['code'] : undefined);

/**
 * Asks domain `name`'s guest agent for everything in GuestInfo. Null when no agent answers
 * (not installed, not started yet) or the domain is not running; a command the agent refuses or
 * lacks (code `failed`) is left out; any other failure (libvirt unreachable…) is thrown.
 */
export async function queryGuestAgent(
  channel: GuestAgentChannel,
  name: string,
): Promise<GuestInfo | null> {
  const replies: Record<string, unknown> = {};
  for (const [key, execute] of guestAgentCommands) {
    try {
      replies[key] = await channel.guestAgent(name, { execute });
    } catch (error) {
      const code = codeOf(error);
      if (code === 'agent-unavailable' || code === 'not-running') return null;
      if (code !== 'failed') throw error;
    }
  }
  return guestAgentInfo(replies);
}
