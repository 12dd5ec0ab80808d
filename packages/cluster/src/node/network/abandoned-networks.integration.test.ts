import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteAbandonedNetworks, recordNetworkOwner } from './abandoned-networks.ts';
import { createClusterNetwork, deleteClusterNetwork, listNetns } from './cluster-network.ts';
import { clusterNetnsName } from './network-names.ts';
import { createPodNetwork } from './pod-network.ts';
import { runInNetns } from './run-in-netns.ts';

const canCreateNamespaces = process.getuid?.() === 0 && existsSync('/usr/sbin/ip');

describe.runIf(canCreateNamespaces)('deleteAbandonedNetworks (root)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'abandoned-'));
  const ownerDir = join(scratch, 'owners');
  const ids = { gone: '', kept: '', busy: '' };
  for (const key of Object.keys(ids) as (keyof typeof ids)[])
    ids[key] = randomBytes(4).toString('hex');
  const sleeper = { pid: 0 };

  afterAll(async () => {
    if (sleeper.pid !== 0) process.kill(sleeper.pid, 'SIGKILL');
    for (const clusterId of Object.values(ids)) await deleteClusterNetwork({ clusterId });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('deletes only networks whose data dir is gone and where no process runs', async () => {
    for (const clusterId of Object.values(ids)) {
      await createClusterNetwork({ clusterId });
      await createPodNetwork({ clusterId, podUid: 'pod-1', address: '10.244.1.2' });
    }
    recordNetworkOwner(ids.gone, join(scratch, 'removed-data-dir'), ownerDir);
    recordNetworkOwner(ids.kept, scratch, ownerDir);
    recordNetworkOwner(ids.busy, join(scratch, 'removed-too'), ownerDir);
    // A pod process of the busy cluster still runs in its pod netns.
    const podNetns = (await listNetns()).find((ns) => ns.startsWith(`pv-${ids.busy}-`)) ?? '';
    const command = runInNetns(podNetns, 'sleep', ['60']);
    const child = spawn(command.file, [...command.args], { stdio: 'ignore' });
    sleeper.pid = child.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await deleteAbandonedNetworks({ ownerDir })).toEqual([ids.gone]);
    const left = await listNetns();
    expect(left).not.toContain(clusterNetnsName(ids.gone));
    expect(left.filter((ns) => ns.startsWith(`pv-${ids.gone}-`))).toEqual([]);
    expect(left).toContain(clusterNetnsName(ids.kept));
    expect(left).toContain(clusterNetnsName(ids.busy));
    expect(existsSync(join(ownerDir, ids.gone))).toBe(false);
  });
});
