import { describe, expect, it } from 'vitest';
import { DomainConversionError } from './domain-conversion-error.ts';
import { masqueradeAddress } from './masquerade-address.ts';

const field = 'spec.networks[0].pod.vmNetworkCIDR';

describe('masqueradeAddress', () => {
  const guest = (address: string, prefixLength: number, gateway: string) => ({
    address,
    prefixLength,
    gateway,
  });

  it.each([
    ['KubeVirt’s default when unset', undefined, guest('10.0.2.2', 24, '10.0.2.1')],
    ['KubeVirt’s default when empty', '', guest('10.0.2.2', 24, '10.0.2.1')],
    ['the default, spelled out', '10.0.2.0/24', guest('10.0.2.2', 24, '10.0.2.1')],
    ['a /16', '172.20.0.0/16', guest('172.20.0.2', 16, '172.20.0.1')],
    ['the longest prefix, /30', '192.168.5.8/30', guest('192.168.5.10', 30, '192.168.5.9')],
    ['host bits ignored, as KubeVirt parses it', '10.0.2.77/24', guest('10.0.2.2', 24, '10.0.2.1')],
    ['the last /30 of a /24', '10.1.255.252/30', guest('10.1.255.254', 30, '10.1.255.253')],
    ['a high unicast network', '223.255.255.0/24', guest('223.255.255.2', 24, '223.255.255.1')],
  ])(
    'gives the guest the second address and the gateway the first: %s',
    (_name, cidr, expected) => {
      expect(masqueradeAddress(cidr, field)).toEqual(expected);
    },
  );

  it.each([
    [
      'an IPv6 network',
      'fd10:0:2::/120',
      /'fd10:0:2::\/120' is not an IPv4 CIDR such as 10\.0\.2\.0\/24/,
    ],
    ['no prefix', '10.0.2.0', /is not an IPv4 CIDR/],
    ['a bad octet', '10.0.2.256/24', /is not an IPv4 CIDR/],
    ['a non-numeric prefix', '10.0.2.0/x', /is not an IPv4 CIDR/],
    ['a name', 'default', /is not an IPv4 CIDR/],
    [
      'a /31',
      '10.0.2.0/31',
      /'10\.0\.2\.0\/31' has no room for a gateway and a guest: the prefix must be 30 or less/,
    ],
    ['a /32', '10.0.2.2/32', /prefix must be 30 or less/],
    ['a prefix over 32', '10.0.2.0/33', /prefix must be 30 or less/],
    ['loopback', '127.0.2.0/24', /loopback/],
    ['"this network"', '0.0.0.0/0', /this network/],
    ['multicast', '224.0.2.0/24', /not unicast/],
  ])('rejects %s with an error naming the field', (_name, cidr, message) => {
    let caught: unknown;
    try {
      masqueradeAddress(cidr, field);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainConversionError);
    expect((caught as DomainConversionError).field).toBe(field);
    expect((caught as Error).message).toMatch(message);
  });
});
