import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClusterNetwork, deleteClusterNetwork, listNetns } from './cluster-network.ts';
import { clusterNetnsName, hostVethName } from './network-names.ts';
import { allocatePodAddress } from './pod-address.ts';
import { createPodNetwork, deletePodNetwork, type PodNetwork } from './pod-network.ts';
import { ipRunner } from './run-ip-plan.ts';
import { runInNetns } from './run-in-netns.ts';

const canCreateNamespaces = process.getuid?.() === 0 && existsSync('/usr/sbin/ip');
const clusterId = `t${randomBytes(3).toString('hex')}`;
const clusterNetns = clusterNetnsName(clusterId);
const ip = ipRunner();
const page = `<h1>pod A of ${clusterId}</h1>\n`;

/** Runs a command to completion; resolves with stdout, or with the error's text (for polling). */
function output(command: { file: string; args: readonly string[] }): Promise<string> {
  return new Promise((resolve) => {
    execFile(command.file, [...command.args], { timeout: 5000 }, (error, stdout, stderr) => {
      resolve(error === null ? stdout : `failed: ${error.message} ${stderr}`);
    });
  });
}

/** `busybox wget` of `url` from inside `netns` (no `-T`: busybox 1.35 wget crashes with it). */
function fetchFrom(netns: string, url: string): Promise<string> {
  return output(runInNetns(netns, 'busybox', ['wget', '-q', '-O', '-', url]));
}

/** What the root netns's addresses, routes and links are, in a form that compares. */
async function rootNetworkState(): Promise<string[]> {
  const json = async (args: string[]): Promise<Record<string, unknown>[]> =>
    JSON.parse((await ip(args)).stdout) as Record<string, unknown>[];
  const addrs = (await json(['-j', 'addr'])).flatMap((link) =>
    ((link['addr_info'] ?? []) as Record<string, unknown>[]).map(
      (a) => `addr ${String(link['ifname'])} ${String(a['local'])}/${String(a['prefixlen'])}`,
    ),
  );
  const routes = [
    ...(await json(['-j', 'route', 'show', 'table', 'all'])),
    ...(await json(['-j', '-6', 'route', 'show', 'table', 'all'])),
  ].map((r) => `route ${JSON.stringify([r['dst'], r['gateway'], r['dev'], r['table']])}`);
  const links = (await json(['-j', 'link'])).map((l) => `link ${String(l['ifname'])}`);
  return [...addrs, ...routes, ...links].sort();
}

function start(command: { file: string; args: readonly string[] }): ChildProcess {
  const child = spawn(command.file, [...command.args], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

describe.skipIf(!canCreateNamespaces)(
  'the local pod network (runs only as root: it creates network namespaces)',
  () => {
    let dir = '';
    const processes: ChildProcess[] = [];
    let rootBefore: string[] = [];
    let podA: PodNetwork;
    let podB: PodNetwork;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'podvisor-netns-'));
      rootBefore = await rootNetworkState();
      await createClusterNetwork({ clusterId });
      const a = allocatePodAddress({ nodeIndex: 1, inUse: [] });
      podA = await createPodNetwork({ clusterId, podUid: 'uid-a', address: a });
      const b = allocatePodAddress({ nodeIndex: 2, inUse: [] });
      podB = await createPodNetwork({ clusterId, podUid: 'uid-b', address: b });
      writeFileSync(join(dir, 'index.html'), page);
      processes.push(
        start(runInNetns(podA.netns, 'busybox', ['httpd', '-f', '-p', '8080', '-h', dir])),
        start(
          runInNetns(clusterNetns, 'busybox', ['httpd', '-f', '-p', '10.96.0.10:8081', '-h', dir]),
        ),
      );
    });

    afterAll(async () => {
      for (const child of processes) child.kill('SIGKILL');
      await deleteClusterNetwork({ clusterId });
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('gives each pod its own netns with eth0 at its address and a default route via the gateway', async () => {
      expect(podA.address).toBe('10.244.1.2');
      expect(podB.address).toBe('10.244.2.2');
      const routes = JSON.parse((await ip(['-n', podB.netns, '-j', 'route'])).stdout) as unknown;
      expect(routes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ dst: 'default', gateway: '10.244.0.1', dev: 'eth0' }),
        ]),
      );
      const addrs = (await ip(['-n', podB.netns, '-br', 'addr', 'show', 'dev', 'eth0'])).stdout;
      expect(addrs).toContain('10.244.2.2/16');
    });

    it("lets pod B fetch pod A's page over the bridge", async () => {
      await expect
        .poll(() => fetchFrom(podB.netns, `http://${podA.address}:8080/`), { timeout: 15_000 })
        .toBe(page);
    });

    it('lets a process in the cluster netns reach pod A', async () => {
      await expect
        .poll(() => fetchFrom(clusterNetns, `http://${podA.address}:8080/`), { timeout: 15_000 })
        .toBe(page);
    });

    it('lets a pod reach a server bound to a ClusterIP in the cluster netns', async () => {
      await expect
        .poll(() => fetchFrom(podB.netns, 'http://10.96.0.10:8081/'), { timeout: 15_000 })
        .toBe(page);
    });

    it('keeps ports apart: pod B has nothing on 8080 of its own loopback', async () => {
      expect(await fetchFrom(podB.netns, 'http://127.0.0.1:8080/')).toMatch(/^failed/);
    });

    it('creates the cluster and a pod network again without error or change', async () => {
      await expect(createClusterNetwork({ clusterId })).resolves.toMatchObject({
        netns: clusterNetns,
      });
      await expect(
        createPodNetwork({ clusterId, podUid: 'uid-a', address: podA.address }),
      ).resolves.toEqual(podA);
      expect(await fetchFrom(podB.netns, `http://${podA.address}:8080/`)).toBe(page);
    });

    it('adds no address, route or link to the root netns', async () => {
      expect(await rootNetworkState()).toEqual(rootBefore);
    });

    it("deletes a pod's netns and its veth, and deleting again is harmless", async () => {
      const podC = await createPodNetwork({ clusterId, podUid: 'uid-c', address: '10.244.1.3' });
      expect(await listNetns()).toContain(podC.netns);
      await deletePodNetwork({ clusterId, podUid: 'uid-c' });
      await deletePodNetwork({ clusterId, podUid: 'uid-c' });
      expect(await listNetns()).not.toContain(podC.netns);
      const veth = await ip(['-n', clusterNetns, 'link', 'show', 'dev', hostVethName('uid-c')]);
      expect(veth.code).not.toBe(0);
    });

    it('deletes the cluster network with the pod namespaces still in it, leaving the root netns as it was', async () => {
      for (const child of processes) child.kill('SIGKILL');
      const deleted = await deleteClusterNetwork({ clusterId });
      expect([...deleted].sort()).toEqual([clusterNetns, podA.netns, podB.netns].sort());
      expect((await listNetns()).filter((ns) => ns.includes(clusterId))).toEqual([]);
      expect(await rootNetworkState()).toEqual(rootBefore);
    });
  },
);
