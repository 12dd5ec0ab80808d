import { describe, expect, it } from 'vitest';
import type { GuestInfo } from '../protocol/v1/index.ts';
import { VirshError } from './libvirt/index.ts';
import {
  type GuestAgentChannel,
  type GuestAgentReplies,
  guestAgentInfo,
  queryGuestAgent,
} from './guest-agent-info.ts';

// Replies (`return` members) as qemu-guest-agent 7.2 in the debian guest image gave them, with eth0's
// IPv6 address listed first to show that the primary address is the IPv4 one.
const debianReplies = {
  info: {
    version: '7.2.22',
    supported_commands: [{ enabled: true, name: 'guest-ping', 'success-response': true }],
  },
  hostName: { 'host-name': 'debian1' },
  osInfo: {
    name: 'Debian GNU/Linux',
    'kernel-release': '6.1.0-56-cloud-amd64',
    'version-id': '12',
    'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
    version: '12 (bookworm)',
    machine: 'x86_64',
    'kernel-version': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
    id: 'debian',
  },
  timezone: { zone: 'UTC', offset: 0 },
  interfaces: [
    {
      name: 'lo',
      'ip-addresses': [
        { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
        { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
      ],
      statistics: { 'rx-bytes': 0, 'tx-bytes': 0 },
      'hardware-address': '00:00:00:00:00:00',
    },
    {
      name: 'eth0',
      'ip-addresses': [
        { 'ip-address-type': 'ipv6', 'ip-address': 'fe80::5054:ff:fe12:3456', prefix: 64 },
        { 'ip-address-type': 'ipv4', 'ip-address': '10.0.2.15', prefix: 24 },
      ],
      statistics: { 'rx-bytes': 1426, 'tx-bytes': 2090 },
      'hardware-address': '52:54:00:12:34:56',
    },
  ],
};

const debianInfo: GuestInfo = {
  guestAgentVersion: '7.2.22',
  hostname: 'debian1',
  os: {
    name: 'Debian GNU/Linux',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
    version: '12 (bookworm)',
    versionId: '12',
    id: 'debian',
    kernelRelease: '6.1.0-56-cloud-amd64',
    kernelVersion: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
    machine: 'x86_64',
  },
  timezone: 'UTC, 0',
  interfaces: [
    {
      interfaceName: 'eth0',
      infoSource: 'guest-agent',
      mac: '52:54:00:12:34:56',
      ipAddress: '10.0.2.15',
      ipAddresses: ['fe80::5054:ff:fe12:3456', '10.0.2.15'],
    },
  ],
};

describe('guestAgentInfo', () => {
  it.each<[string, GuestAgentReplies, GuestInfo]>([
    ['every reply of the debian guest, loopback left out', debianReplies, debianInfo],
    ['no replies', {}, {}],
    [
      'replies of the wrong shape, which are ignored',
      { info: 'x', hostName: ['h'], osInfo: { id: 7 }, timezone: { zone: 'UTC' }, interfaces: {} },
      {},
    ],
    [
      'a timezone without a zone name and a negative offset',
      { timezone: { offset: -18000 } },
      { timezone: ', -18000' },
    ],
    [
      'an interface with only IPv6 addresses, one without addresses and one without a name',
      {
        interfaces: [
          {
            name: 'eth1',
            'ip-addresses': [{ 'ip-address-type': 'ipv6', 'ip-address': 'fd00::2', prefix: 64 }],
          },
          { name: 'eth2', 'hardware-address': '52:54:00:00:00:02' },
          { 'hardware-address': '52:54:00:00:00:03' },
        ],
      },
      {
        interfaces: [
          {
            interfaceName: 'eth1',
            infoSource: 'guest-agent',
            ipAddress: 'fd00::2',
            ipAddresses: ['fd00::2'],
          },
          { interfaceName: 'eth2', infoSource: 'guest-agent', mac: '52:54:00:00:00:02' },
        ],
      },
    ],
    [
      'partial OS info from an older agent',
      { osInfo: { id: 'alpine', 'version-id': 3.19 } },
      { os: { id: 'alpine' } },
    ],
  ])('maps %s', (_what, replies, expected) => {
    expect(guestAgentInfo(replies)).toEqual(expected);
  });
});

const commandToKey: Readonly<Record<string, keyof typeof debianReplies>> = {
  'guest-info': 'info',
  'guest-get-host-name': 'hostName',
  'guest-get-osinfo': 'osInfo',
  'guest-get-timezone': 'timezone',
  'guest-network-get-interfaces': 'interfaces',
};

/** A channel answering with the debian replies, except `failing` commands, which throw `error`. */
function channel(
  failing: readonly string[],
  error: Error,
): GuestAgentChannel & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    guestAgent(name, command) {
      asked.push(`${name} ${command.execute}`);
      if (failing.includes(command.execute)) return Promise.reject(error);
      const key = commandToKey[command.execute];
      return Promise.resolve(key === undefined ? undefined : debianReplies[key]);
    },
  };
}

const virshError = (message: string): VirshError =>
  new VirshError({ command: 'virsh qemu-agent-command', message, exitCode: 1 });

describe('queryGuestAgent', () => {
  it('asks the five agent commands of the named domain and maps their replies', async () => {
    const agent = channel([], new Error('unused'));
    expect(await queryGuestAgent(agent, 'default_vm1')).toEqual(debianInfo);
    expect(agent.asked).toEqual(
      Object.keys(commandToKey).map((command) => `default_vm1 ${command}`),
    );
  });

  it.each([
    ['no agent is connected', 'Guest agent is not responding: QEMU guest agent is not connected'],
    ['the domain is not running', 'Requested operation is not valid: domain is not running'],
  ])('is null when %s', async (_what, message) => {
    expect(await queryGuestAgent(channel(['guest-info'], virshError(message)), 'vm')).toBeNull();
  });

  it('leaves out what the agent refuses to answer', async () => {
    const refused = virshError('{"class":"CommandNotFound","desc":"Command not found"}');
    const info = await queryGuestAgent(channel(['guest-get-osinfo'], refused), 'vm');
    expect(info).toEqual({ ...debianInfo, os: undefined });
    expect(info).not.toHaveProperty('os');
  });

  it('throws when libvirt itself fails', async () => {
    const down = virshError('failed to connect to the hypervisor');
    await expect(queryGuestAgent(channel(['guest-info'], down), 'vm')).rejects.toBe(down);
  });
});
