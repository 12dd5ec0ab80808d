import { describe, expect, it } from 'vitest';
import {
  choosePodNetwork,
  defaultRouteInterface,
  type PodNetworkFacts,
} from './choose-pod-network.ts';

const header =
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
const route = (iface: string, destination: string, flags: string, mask: string): string =>
  `${iface}\t${destination}\t0100F40A\t${flags}\t0\t0\t0\t${mask}\t0\t0\t0`;
/** A pod's table: the default route via 10.244.0.1 on eth0, and its /16. */
const podRoutes = [
  header,
  route('eth0', '00000000', '0003', '00000000'),
  route('eth0', '0000F40A', '0001', '0000FFFF'),
].join('\n');

const podFacts: PodNetworkFacts = {
  routeTable: podRoutes,
  interfaceAddresses: { lo: ['127.0.0.1', '::1'], eth0: ['10.244.1.7'] },
  podIp: '10.244.1.7',
  passtPath: '/usr/bin/passt',
  root: true,
};

describe('defaultRouteInterface', () => {
  it.each([
    ['a pod’s default route', podRoutes, 'eth0'],
    [
      'only a subnet route',
      [header, route('eth0', '0000F40A', '0001', '0000FFFF')].join('\n'),
      undefined,
    ],
    [
      'a default route that is down',
      [header, route('eth0', '00000000', '0002', '00000000')].join('\n'),
      undefined,
    ],
    [
      'a default route on loopback',
      [header, route('lo', '00000000', '0001', '00000000')].join('\n'),
      undefined,
    ],
    [
      'the second default route when the first is down',
      [
        header,
        route('eth1', '00000000', '0000', '00000000'),
        route('eth0', '00000000', '0003', '00000000'),
      ].join('\n'),
      'eth0',
    ],
    ['an empty table', '', undefined],
    ['a header only', header, undefined],
    ['garbage', 'not a route table\n\u0000\u0001', undefined],
  ])('finds %s', (_what, table, expected) => {
    expect(defaultRouteInterface(table)).toBe(expected);
  });
});

describe('choosePodNetwork', () => {
  it('chooses passt in a pod with its own network, naming the interface and the pod IP', () => {
    expect(choosePodNetwork(podFacts)).toEqual({
      backend: 'passt',
      passtPath: '/usr/bin/passt',
      interfaceName: 'eth0',
      reason: 'a default route through eth0 holding the pod IP 10.244.1.7; /usr/bin/passt',
    });
  });

  const withoutPasst: PodNetworkFacts = {
    routeTable: podRoutes,
    interfaceAddresses: podFacts.interfaceAddresses,
    podIp: '10.244.1.7',
    root: true,
  };
  it.each<[string, PodNetworkFacts, RegExp]>([
    ['a launcher not running as root', { ...podFacts, root: false }, /not run as root/],
    [
      'a pod without a default route (loopback mode)',
      { ...podFacts, routeTable: header },
      /no default route.*loopback/,
    ],
    [
      'a loopback pod IP in a namespace with a default route (the host’s)',
      { ...podFacts, podIp: '127.1.0.5' },
      /pod IP 127\.1\.0\.5 is not on eth0/,
    ],
    ['a cluster without passt', withoutPasst, /passt is not installed/],
    [
      'a launcher without a pod IP (passt would forward the host’s ports)',
      { ...podFacts, podIp: '' },
      /no pod IP/,
    ],
  ])('chooses slirp for %s, saying why', (_what, facts, reason) => {
    const choice = choosePodNetwork(facts);
    expect(choice.backend).toBe('slirp');
    expect(choice.reason).toMatch(reason);
  });
});
