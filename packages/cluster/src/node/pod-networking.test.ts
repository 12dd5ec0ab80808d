import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IpRunner } from './network/index.ts';
import { loopbackNetworking, podNetworking } from './pod-networking.ts';

/** An `ip` that finds nothing (every probe fails) and records the commands it ran. */
function fakeIp(): { run: IpRunner; commands: string[] } {
  const commands: string[] = [];
  const run: IpRunner = (args) => {
    commands.push(args.join(' '));
    const probe = args.includes('show');
    return Promise.resolve({ code: probe ? 1 : 0, stdout: '', stderr: '' });
  };
  return { run, commands };
}

describe('podNetworking', () => {
  const etcNetnsDir = mkdtempSync(join(tmpdir(), 'etc-netns-'));
  afterAll(() => {
    rmSync(etcNetnsDir, { recursive: true, force: true });
  });
  const make = (run: IpRunner) =>
    podNetworking({
      nodeName: 'node-3',
      clusterId: 'abc',
      dnsServer: '10.96.0.10',
      etcNetnsDir,
      run,
    });

  it("hands out node-N's share of the pod network and names each pod's netns", () => {
    const network = make(fakeIp().run);
    expect(network.podCIDR).toBe('10.244.3.0/24');
    network.markUsed('10.244.3.2');
    expect(network.allocate()).toBe('10.244.3.3');
    expect(network.netnsOf('uid-1')).toMatch(/^pv-abc-[0-9a-f]{12}$/);
  });

  it('points pods at the kubernetes Service for the API server', () => {
    expect(make(fakeIp().run).apiServerFor({ host: '127.0.0.1', port: '6443' })).toEqual({
      host: '10.96.0.1',
      port: '443',
    });
  });

  it("creates the pod's netns and its resolv.conf with the namespace's search list, and deletes both", async () => {
    const ip = fakeIp();
    const network = make(ip.run);
    const pod = { uid: 'uid-2', namespace: 'demo' };
    await network.setUp(pod, '10.244.3.9');
    const netns = network.netnsOf(pod.uid) ?? '';
    expect(ip.commands).toContain(`netns add ${netns}`);
    expect(ip.commands).toContain(`-n ${netns} addr replace 10.244.3.9/16 dev eth0`);
    const resolvConf = readFileSync(join(etcNetnsDir, netns, 'resolv.conf'), 'utf8');
    expect(resolvConf).toContain('search demo.svc.cluster.local svc.cluster.local cluster.local');
    expect(resolvConf).toContain('nameserver 10.96.0.10');
    await network.tearDown(pod.uid);
    expect(existsSync(join(etcNetnsDir, netns))).toBe(false);
  });

  it('refuses a node name without a number, which has no share of the pod network', () => {
    expect(() =>
      podNetworking({ nodeName: 'worker', clusterId: 'abc', dnsServer: '10.96.0.10' }),
    ).toThrow(/node name 'worker' must end in -N/);
  });
});

describe('loopbackNetworking', () => {
  it('keeps the node’s own API server address and runs pods in no netns', () => {
    const network = loopbackNetworking('node-2', '/tmp/some-data-dir');
    expect(network.podCIDR).toMatch(/^127\.2\.\d+\.0\/24$/);
    expect(network.netnsOf('uid')).toBeUndefined();
    expect(network.apiServerFor({ host: '127.0.0.1', port: '6443' })).toEqual({
      host: '127.0.0.1',
      port: '6443',
    });
  });
});
