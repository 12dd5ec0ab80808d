import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodIpAllocator, clusterSlot, podRangeOf } from './pod-ip-allocator.ts';

describe('podRangeOf', () => {
  it.each([
    ['node-1', 7, '127.1.7.0/24'],
    ['node-7', 200, '127.7.200.0/24'],
    ['laptop', 7, '127.1.7.0/24'],
  ])('gives %s of slot %i the range %s', (name, slot, cidr) => {
    expect(podRangeOf(name, slot).cidr).toBe(cidr);
  });
});

describe('clusterSlot', () => {
  it('is 1–254, the same for one data dir however it is named, and differs between data dirs', () => {
    const dirs = Array.from({ length: 8 }, () => mkdtempSync(join(tmpdir(), 'podvisor-slot-')));
    const slots = dirs.map(clusterSlot);
    for (const slot of slots) expect(slot).toBeGreaterThanOrEqual(1);
    for (const slot of slots) expect(slot).toBeLessThanOrEqual(254);
    const [first = ''] = dirs;
    expect(clusterSlot(`${first}/.`)).toBe(clusterSlot(first));
    expect(new Set(slots).size).toBeGreaterThan(1);
  });
});

describe('PodIpAllocator', () => {
  it('hands out the lowest free address from .2, skipping used ones and reusing released ones', () => {
    const ips = new PodIpAllocator(podRangeOf('node-3', 9));
    ips.markUsed('127.3.9.3');
    ips.markUsed('127.4.9.2');
    ips.markUsed('127.3.8.2');
    expect([ips.allocate(), ips.allocate()]).toEqual(['127.3.9.2', '127.3.9.4']);
    ips.release('127.3.9.2');
    expect(ips.allocate()).toBe('127.3.9.2');
  });

  it('says the range is exhausted after 253 pods', () => {
    const ips = new PodIpAllocator(podRangeOf('node-1', 1));
    for (let i = 0; i < 253; i += 1) ips.allocate();
    expect(() => ips.allocate()).toThrow(/127\.1\.1\.0\/24 is exhausted/);
  });
});
