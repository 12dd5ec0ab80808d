import { describe, expect, it } from 'vitest';
import { nodeStreamPath, parseNodeStreamPath, type StreamTarget } from './streaming-paths.ts';

const base = { namespace: 'ns', pod: 'p 1', podUid: 'u-1' };

describe('node streaming paths', () => {
  it.each<[StreamTarget, string, string]>([
    [
      { ...base, kind: 'log', container: 'c' },
      'follow=true&container=c',
      '/containerLogs/ns/p%201/c?follow=true&podUID=u-1',
    ],
    [
      { ...base, kind: 'exec', container: 'c' },
      'command=ls&command=-l&container=c',
      '/exec/ns/p%201/u-1/c?command=ls&command=-l',
    ],
    [
      { ...base, kind: 'attach', container: 'c' },
      'stdout=true',
      '/attach/ns/p%201/u-1/c?stdout=true',
    ],
    [
      { ...base, kind: 'portforward', container: '' },
      'ports=80',
      '/portForward/ns/p%201/u-1?ports=80',
    ],
  ])('names the %j request after kubelet and parses it back', (target, query, path) => {
    expect(nodeStreamPath(target, new URLSearchParams(query))).toBe(path);
    expect(parseNodeStreamPath(path)?.target).toEqual(target);
  });

  it.each([
    ['/containerLogs/ns/p/c'],
    ['/exec/ns/p/u'],
    ['/exec/ns/p/u/c/extra'],
    ['/portForward/ns/p'],
    ['/metrics'],
    ['/exec/ns/%E0%A4%A/u/c'],
  ])('does not recognize %s', (path) => {
    expect(parseNodeStreamPath(path)).toBeUndefined();
  });
});
