import { describe, expect, it } from 'vitest';
import { PodIpAllocator, podRangeOf } from './pod-ip-allocator.ts';

describe('podRangeOf', () => {
  it.each([
    ['node-1', '127.1.0.0/16'],
    ['node-7', '127.7.0.0/16'],
    ['laptop', '127.1.0.0/16'],
  ])('gives %s the range %s', (name, cidr) => {
    expect(podRangeOf(name).cidr).toBe(cidr);
  });
});

describe('PodIpAllocator', () => {
  it('hands out the lowest free address from .0.2, skipping used ones and reusing released ones', () => {
    const ips = new PodIpAllocator(podRangeOf('node-3'));
    ips.markUsed('127.3.0.3');
    ips.markUsed('127.4.0.2');
    expect([ips.allocate(), ips.allocate()]).toEqual(['127.3.0.2', '127.3.0.4']);
    ips.release('127.3.0.2');
    expect(ips.allocate()).toBe('127.3.0.2');
  });
});
