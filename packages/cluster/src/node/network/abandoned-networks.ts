import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteClusterNetwork, listNetns } from './cluster-network.ts';
import { isPodNetnsOf } from './network-names.ts';
import { ipRunner, runIp, type IpRunner } from './run-ip-plan.ts';

/** Where each cluster netns records the data directory it belongs to (`<dir>/<clusterId>`). */
export const defaultOwnerDir = '/run/podvisor/clusters';

/** Records that the cluster network `clusterId` belongs to the cluster of `dataDir`. */
export function recordNetworkOwner(
  clusterId: string,
  dataDir: string,
  ownerDir: string = defaultOwnerDir,
): void {
  mkdirSync(ownerDir, { recursive: true });
  writeFileSync(join(ownerDir, clusterId), `${dataDir}\n`);
}

/** What {@link deleteAbandonedNetworks} may look at. */
export interface AbandonedNetworkOptions {
  readonly ownerDir?: string;
  readonly run?: IpRunner;
}

async function hasProcesses(netns: string, run: IpRunner): Promise<boolean> {
  const result = await runIp(run, ['netns', 'pids', netns]);
  return result.stdout.trim() !== '';
}

/**
 * Deletes the networks of clusters that are gone for good: a cluster netns whose recorded data
 * directory no longer exists (a test's temporary cluster, killed before it could clean up) and
 * in which, as in its pods' namespaces, no process runs. A killed cluster whose data directory
 * still exists keeps its network: its next run adopts the pods that outlived it. Networks without
 * a record are left alone. Returns the cluster ids it deleted.
 */
export async function deleteAbandonedNetworks(
  options: AbandonedNetworkOptions = {},
): Promise<string[]> {
  const run = options.run ?? ipRunner();
  const ownerDir = options.ownerDir ?? defaultOwnerDir;
  const all = await listNetns(run);
  const deleted: string[] = [];
  for (const netns of all) {
    const clusterId = /^podvisor-([0-9a-f]{8})$/.exec(netns)?.[1];
    if (clusterId === undefined) continue;
    const record = join(ownerDir, clusterId);
    if (!existsSync(record)) continue;
    if (existsSync(readFileSync(record, 'utf8').trim())) continue;
    const namespaces = [netns, ...all.filter((ns) => isPodNetnsOf(clusterId, ns))];
    const busy = await Promise.all(namespaces.map((ns) => hasProcesses(ns, run)));
    if (busy.some(Boolean)) continue;
    await deleteClusterNetwork({ clusterId, run });
    rmSync(record, { force: true });
    deleted.push(clusterId);
  }
  return deleted;
}
