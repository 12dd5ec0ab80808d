import { describe, expect, it } from 'vitest';
import {
  checkClusterId,
  checkNetnsName,
  clusterNetnsName,
  hostVethName,
  isPodNetnsOf,
  maxInterfaceNameLength,
  podHash,
  podNetnsName,
} from './network-names.ts';

const uid = '6f1c2a9e-0b7d-4c1e-9a51-3f0e8d2b7c44';

describe('network names', () => {
  it('derives the netns and veth names from the cluster id and a 12-digit hash of the pod uid', () => {
    const hash = podHash(uid);
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    expect(clusterNetnsName('dev')).toBe('podvisor-dev');
    expect(podNetnsName('dev', uid)).toBe(`pv-dev-${hash}`);
    expect(hostVethName(uid)).toBe(`pv${hash}`);
  });

  it('gives different pods different veth names within IFNAMSIZ', () => {
    const names = Array.from({ length: 500 }, (_, i) => hostVethName(`pod-${i}`));
    expect(new Set(names).size).toBe(500);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(maxInterfaceNameLength);
  });

  it.each(['', 'Dev', 'a_b', '-a', 'a-', 'a/b', 'x'.repeat(33), 'a b'])(
    'refuses the cluster id %j, naming the field',
    (id) => {
      expect(() => checkClusterId(id)).toThrow(/clusterId must be 1–32 characters/);
    },
  );

  it.each(['a', 'dev', 'a-1', 'x'.repeat(32)])('accepts the cluster id %j', (id) => {
    expect(checkClusterId(id)).toBe(id);
  });

  it('refuses an empty pod uid', () => {
    expect(() => podHash('')).toThrow(/podUid must not be empty/);
  });

  it.each([
    ['a', `pv-a-${podHash(uid)}`, true],
    ['a', `pv-a-b-${podHash(uid)}`, false],
    ['a-b', `pv-a-b-${podHash(uid)}`, true],
    ['a', 'pv-a-0123456789ab-x', false],
    ['a', 'podvisor-a', false],
    ['a', `pv-a-${podHash(uid).toUpperCase()}`, false],
  ])('tells whether cluster %s owns the netns %s: %s', (id, netns, owned) => {
    expect(isPodNetnsOf(id, netns)).toBe(owned);
  });

  it.each(['', '../x', 'a b', 'a;b', '-n'])('refuses the netns name %j', (netns) => {
    expect(() => checkNetnsName(netns)).toThrow(/netns must be 1–64 characters/);
  });
});
