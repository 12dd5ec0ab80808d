import { describe, expect, it } from 'vitest';
import { createClusterNetwork, deleteClusterNetwork } from './cluster-network.ts';
import { podHash } from './network-names.ts';
import { createPodNetwork, deletePodNetwork } from './pod-network.ts';
import type { IpResult } from './run-ip-plan.ts';

const ok = (stdout = ''): IpResult => ({ code: 0, stdout, stderr: '' });
const fail: IpResult = { code: 1, stdout: '', stderr: 'does not exist' };
const exists: IpResult = { code: 2, stdout: '', stderr: 'File exists' };

/** `ip netns …` on the fake machine: list, add, del (which takes the namespace's links with it). */
function netnsCommand(state: Set<string>, verb: string, name: string): IpResult {
  if (verb === 'list') return ok([...state].filter((s) => !s.includes('/')).join('\n'));
  if (verb === 'add') {
    if (state.has(name)) return exists;
    state.add(name);
  } else
    for (const key of [...state]) if (key === name || key.startsWith(`${name}/`)) state.delete(key);
  return ok();
}

/** `ip -n NS link show|add|del dev|name LINK …` for a link other than lo. */
function linkCommand(state: Set<string>, key: string, args: readonly string[]): IpResult {
  const verb = args[1];
  if (verb === 'show') return state.has(key) ? ok() : fail;
  if (verb === 'del') return state.delete(key) ? ok() : fail;
  if (verb === 'add') {
    if (state.has(key)) return exists;
    state.add(key);
    const peer = args.indexOf('peer');
    if (peer !== -1) state.add(`${args[peer + 4] ?? ''}/${args[peer + 2] ?? ''}`);
  }
  return ok();
}

/** `ip -n NS …`: fails outside an existing netns; link commands follow the links; the rest succeed. */
function inNetns(state: Set<string>, ns: string, args: readonly string[]): IpResult {
  if (!state.has(ns)) return fail;
  const link = args[3] ?? '';
  return args[0] !== 'link' || link === 'lo' ? ok() : linkCommand(state, `${ns}/${link}`, args);
}

/**
 * A fake `ip` that keeps the set of namespaces and links (`ns/link`), enough to follow the plans'
 * probes: what creating and deleting does to a machine, without root.
 */
function fakeIp(): { run: (args: readonly string[]) => Promise<IpResult>; state: Set<string> } {
  const state = new Set<string>();
  const run = (args: readonly string[]): Promise<IpResult> => {
    const [first = '', second = '', third = ''] = args;
    if (first === 'netns') return Promise.resolve(netnsCommand(state, second, third));
    if (first === '-n') return Promise.resolve(inNetns(state, second, args.slice(2)));
    return Promise.resolve(fail);
  };
  return { run, state };
}

const uid = 'c0ffee00-0000-4000-8000-000000000001';
const h = podHash(uid);

describe('the network executor', () => {
  it('creates the cluster and a pod network, again without error, and deletes them', async () => {
    const { run, state } = fakeIp();
    const cluster = await createClusterNetwork({ clusterId: 'dev', run });
    await createClusterNetwork({ clusterId: 'dev', run });
    expect(cluster).toEqual({
      netns: 'podvisor-dev',
      bridge: 'pv0',
      gateway: '10.244.0.1',
      podCidr: '10.244.0.0/16',
      serviceCidr: '10.96.0.0/16',
    });
    const pod = await createPodNetwork({
      clusterId: 'dev',
      podUid: uid,
      address: '10.244.1.2',
      run,
    });
    await createPodNetwork({ clusterId: 'dev', podUid: uid, address: '10.244.1.2', run });
    expect(pod).toEqual({
      netns: `pv-dev-${h}`,
      address: '10.244.1.2',
      gateway: '10.244.0.1',
      interface: 'eth0',
      hostVeth: `pv${h}`,
    });
    expect([...state].sort()).toEqual(
      [
        'podvisor-dev',
        'podvisor-dev/pv0',
        `podvisor-dev/pv${h}`,
        `pv-dev-${h}`,
        `pv-dev-${h}/eth0`,
      ].sort(),
    );
    await deletePodNetwork({ clusterId: 'dev', podUid: uid, run });
    await deletePodNetwork({ clusterId: 'dev', podUid: uid, run });
    expect([...state].sort()).toEqual(['podvisor-dev', 'podvisor-dev/pv0']);
  });

  it("deletes a cluster network with the pods' namespaces it left, and nobody else's", async () => {
    const { run, state } = fakeIp();
    await createClusterNetwork({ clusterId: 'dev', run });
    await createPodNetwork({ clusterId: 'dev', podUid: uid, address: '10.244.1.2', run });
    state.add('podvisor-other');
    state.add(`pv-other-${h}`);
    expect(await deleteClusterNetwork({ clusterId: 'dev', run })).toEqual([
      `pv-dev-${h}`,
      'podvisor-dev',
    ]);
    expect(await deleteClusterNetwork({ clusterId: 'dev', run })).toEqual([]);
    expect([...state].sort()).toEqual(['podvisor-other', `pv-other-${h}`]);
  });
});
