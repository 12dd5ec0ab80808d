import { describe, expect, it } from 'vitest';
import {
  allocatePodAddress,
  isPodAddress,
  nodeIndexOf,
  nodePodSubnet,
  parseIpv4,
  PodAddressPool,
} from './pod-address.ts';

describe('nodePodSubnet', () => {
  it.each([
    [1, '10.244.1.0/24'],
    [7, '10.244.7.0/24'],
    [254, '10.244.254.0/24'],
  ])('gives node %i the range %s', (index, cidr) => {
    expect(nodePodSubnet(index).cidr).toBe(cidr);
  });

  it.each([0, 255, -1, 1.5, Number.NaN])('refuses node index %s, naming the field', (index) => {
    expect(() => nodePodSubnet(index)).toThrow(/nodeIndex must be an integer from 1 to 254/);
  });
});

describe('nodeIndexOf', () => {
  it.each([
    ['node-1', 1],
    ['node-42', 42],
    ['worker-254', 254],
    ['node-0', undefined],
    ['node-255', undefined],
    ['laptop', undefined],
    ['node-1000', undefined],
  ])('reads %s as %s', (name, index) => {
    expect(nodeIndexOf(name)).toBe(index);
  });
});

describe('parseIpv4 and isPodAddress', () => {
  it.each([
    ['10.244.1.2', [10, 244, 1, 2]],
    ['10.244.1.256', undefined],
    ['10.244.1', undefined],
    ['::1', undefined],
    [' 10.244.1.2', undefined],
  ])('parses %j as %j', (text, octets) => {
    expect(parseIpv4(text)).toEqual(octets);
  });

  it.each([
    ['10.244.1.2', true],
    ['10.244.254.254', true],
    ['10.244.0.1', false],
    ['10.244.0.5', false],
    ['10.244.1.1', false],
    ['10.244.1.255', false],
    ['10.244.255.2', false],
    ['10.96.0.10', false],
    ['127.1.7.2', false],
  ])('says %s is a pod address: %s', (address, expected) => {
    expect(isPodAddress(address)).toBe(expected);
  });
});

describe('allocatePodAddress', () => {
  it.each([
    [3, [], '10.244.3.2'],
    [3, ['10.244.3.2', '10.244.3.3'], '10.244.3.4'],
    [3, ['10.244.3.3'], '10.244.3.2'],
    [3, ['10.244.4.2', '127.3.9.2', 'garbage', '10.244.3.2'], '10.244.3.3'],
  ])('gives node %i with %j in use the address %s', (nodeIndex, inUse, expected) => {
    expect(allocatePodAddress({ nodeIndex, inUse })).toBe(expected);
  });

  it('says the range is exhausted once .2 to .254 are taken', () => {
    const inUse = Array.from({ length: 253 }, (_, i) => `10.244.9.${i + 2}`);
    expect(() => allocatePodAddress({ nodeIndex: 9, inUse })).toThrow(
      /10\.244\.9\.0\/24 is exhausted \(253 pods per node\)/,
    );
  });
});

describe('PodAddressPool', () => {
  it('hands out the lowest free address, skips marked ones and reuses released ones', () => {
    const pool = new PodAddressPool(2);
    pool.markUsed('10.244.2.3');
    pool.markUsed('10.244.1.2');
    expect([pool.allocate(), pool.allocate()]).toEqual(['10.244.2.2', '10.244.2.4']);
    pool.release('10.244.2.2');
    expect(pool.allocate()).toBe('10.244.2.2');
  });

  it('never hands out an address twice across 253 allocations', () => {
    const pool = new PodAddressPool(1);
    const addresses = Array.from({ length: 253 }, () => pool.allocate());
    expect(new Set(addresses).size).toBe(253);
    expect(addresses.every(isPodAddress)).toBe(true);
    expect(() => pool.allocate()).toThrow(/exhausted/);
  });
});
