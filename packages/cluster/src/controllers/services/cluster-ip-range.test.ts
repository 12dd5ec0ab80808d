import { describe, expect, it } from 'vitest';
import {
  clusterIpAt,
  isClusterIpIn,
  kubernetesServiceIpOf,
  loopbackClusterIpRange,
  parseClusterIpRange,
  staticBandOf,
} from './cluster-ip-range.ts';

describe('parseClusterIpRange', () => {
  it('reads the network address and size of a CIDR', () => {
    const range = parseClusterIpRange('10.96.0.0/16');
    expect(range.cidr).toBe('10.96.0.0/16');
    expect(range.size).toBe(65536);
    expect(clusterIpAt(range, 0)).toBe('10.96.0.0');
    expect(clusterIpAt(range, 65535)).toBe('10.96.255.255');
    expect(kubernetesServiceIpOf(range)).toBe('10.96.0.1');
    expect(kubernetesServiceIpOf(loopbackClusterIpRange)).toBe('127.96.0.1');
  });

  it.each([
    ['10.96.0.0', 'is not an IPv4 CIDR'],
    ['10.96.0.0/8', 'is not an IPv4 CIDR'],
    ['10.96.0.0/31', 'is not an IPv4 CIDR'],
    ['10.96.0.0/16/1', 'is not an IPv4 CIDR'],
    ['fd00::/112', 'is not an IPv4 CIDR'],
    ['10.96.0.0/x', 'is not an IPv4 CIDR'],
    ['10.96.1.0/16', 'is not a network address (the network is 10.96.0.0/16)'],
  ])('refuses %s, naming the field', (cidr, problem) => {
    expect(() => parseClusterIpRange(cidr, 'serviceCidr')).toThrow(
      `serviceCidr: '${cidr}' ${problem}`,
    );
  });
});

describe('isClusterIpIn', () => {
  const pod = parseClusterIpRange('10.96.0.0/16');

  it.each([
    [loopbackClusterIpRange, '127.96.0.1', true],
    [loopbackClusterIpRange, '127.96.200.7', true],
    [loopbackClusterIpRange, '127.96.0.0', false],
    [loopbackClusterIpRange, '127.97.0.1', false],
    [loopbackClusterIpRange, '10.96.0.1', false],
    [pod, '10.96.0.10', true],
    [pod, '10.96.255.254', true],
    [pod, '10.96.255.255', false],
    [pod, '127.96.0.1', false],
    [pod, '::1', false],
    [pod, 'None', false],
  ])('in %o, knows whether %s is an allocatable ClusterIP', (range, ip, expected) => {
    expect(isClusterIpIn(range, ip)).toBe(expected);
  });
});

describe('staticBandOf', () => {
  it.each([
    ['10.96.0.0/16', 256],
    ['10.96.0.0/20', 256],
    ['10.96.0.0/24', 16],
    ['10.96.0.0/22', 64],
    ['10.96.0.0/28', 0],
  ])("keeps upstream's low band for requested addresses in %s: %i", (cidr, band) => {
    expect(staticBandOf(parseClusterIpRange(cidr))).toBe(band);
  });
});
