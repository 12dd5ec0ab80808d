// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clusterAllocatable, formatCpu, formatMemory } from './node-capacity.ts';
import { makeNode } from './node-fixtures.ts';

describe('clusterAllocatable', () => {
  it('sums the allocatable CPU and memory of the nodes', () => {
    const nodes = [
      makeNode({ name: 'a', cpu: '4', memory: '8Gi' }),
      makeNode({ name: 'b', cpu: '3500m', memory: '1024Mi' }),
    ];
    expect(clusterAllocatable(nodes)).toEqual({
      cpuMillis: 7500n,
      memoryBytes: 9n * 1024n ** 3n,
    });
  });

  it('skips values it cannot read, and reports nothing when no node has any', () => {
    expect(clusterAllocatable([makeNode({ name: 'a', cpu: 'lots' })]).cpuMillis).toBeUndefined();
    expect(clusterAllocatable([])).toEqual({ cpuMillis: undefined, memoryBytes: undefined });
  });
});

describe('formatCpu', () => {
  it.each([
    [4000n, '4 cores'],
    [1000n, '1 core'],
    [2500n, '2.5 cores'],
    [250n, '250m'],
    [0n, '0 cores'],
  ])('prints %i millicores as %s', (millis, text) => {
    expect(formatCpu(millis)).toBe(text);
  });
});

describe('formatMemory', () => {
  it.each([
    [512n, '512 B'],
    [8n * 1024n ** 3n, '8 GiB'],
    [1536n * 1024n ** 2n, '1.5 GiB'],
    [16_000_000_000n, '14.9 GiB'],
    [512n * 1024n ** 2n, '512 MiB'],
  ])('prints %i bytes as %s', (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });
});
