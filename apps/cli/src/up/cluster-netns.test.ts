import { describe, expect, it } from 'vitest';
import {
  chooseNetwork,
  hostApiFdEnv,
  inheritedFd,
  insideNetnsEnv,
  networkPlace,
  podNetworkOption,
  type PodNetworkSupport,
} from './cluster-netns.ts';

const supported = (): PodNetworkSupport => ({ ok: true });
const unsupported = (): PodNetworkSupport => ({ ok: false, reason: 'this process is not root' });

describe('chooseNetwork', () => {
  it.each([
    ['auto', supported, 'pod'],
    ['auto', unsupported, 'loopback'],
    ['pod', supported, 'pod'],
    ['loopback', supported, 'loopback'],
    ['loopback', unsupported, 'loopback'],
  ] as const)('%s where pod networking is %o runs %s', (mode, support, expected) => {
    expect(chooseNetwork(mode, support).mode).toBe(expected);
  });

  it('tells why auto falls back to loopback addresses', () => {
    expect(chooseNetwork('auto', unsupported).note).toMatch(
      /not root.*VMs and pods do not share a network/,
    );
  });

  it('refuses --network pod where it cannot run, naming the cause', () => {
    expect(() => chooseNetwork('pod', unsupported)).toThrow(
      '--network pod: this process is not root',
    );
  });
});

describe('inheritedFd', () => {
  it('reads the fd only inside the cluster netns', () => {
    expect(inheritedFd({ X_FD: '3' }, 'X_FD')).toBeUndefined();
    expect(inheritedFd({ X_FD: '4', [insideNetnsEnv]: 'podvisor-1' }, 'X_FD')).toBe(4);
  });

  it.each(['0', '2', 'three', '3.5'])('rejects %s as a file descriptor', (raw) => {
    expect(() => inheritedFd({ X_FD: raw, [insideNetnsEnv]: 'podvisor-1' }, 'X_FD')).toThrow(
      /X_FD must be a file descriptor/,
    );
  });
});

describe('networkPlace', () => {
  const io = (env: Record<string, string>) => {
    const out: string[] = [];
    return { env, stdout: { write: (text: string) => out.push(text) }, out };
  };

  it('is inside once the outer process has put it into the cluster netns, whatever the flag', () => {
    expect(networkPlace('loopback', io({ [insideNetnsEnv]: 'podvisor-1' }))).toBe('inside');
  });

  it('stays in loopback mode when asked to, saying nothing', () => {
    const quiet = io({});
    expect(networkPlace('loopback', quiet)).toBe('loopback');
    expect(quiet.out).toEqual([]);
  });
});

describe('podNetworkOption', () => {
  it('passes the inherited API socket to startCluster, or nothing', () => {
    expect(podNetworkOption({ [insideNetnsEnv]: 'podvisor-1', [hostApiFdEnv]: '3' })).toEqual({
      hostListenFd: 3,
    });
    expect(podNetworkOption({ [insideNetnsEnv]: 'podvisor-1' })).toEqual({});
  });
});
