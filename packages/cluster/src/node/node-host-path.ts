import { join, posix } from 'node:path';

/** Where a node keeps the host paths that are node-local (many nodes share one machine). */
export interface NodeHostDirs {
  /** The cluster's data directory: `<dataDir>/images` is the containerDisk catalog every node shares. */
  readonly dataDir: string;
  readonly nodeName: string;
  /** This node's pod directories: what kubelet's `/var/lib/kubelet/pods` is on a real node. */
  readonly podsDir: string;
}

/** kubelet's pod directories on a real node. */
const kubeletPods = '/var/lib/kubelet/pods';
/** The containerDisk catalog launchers read (a pre-pulled image store, the same on every node). */
const sharedImages = '/var/lib/podvisor/images';
/** Host paths below these are node state: each node gets its own copy. */
const nodeLocalRoots = ['/var/lib/kubelet', '/var/lib/podvisor'];

/** The part of `path` below `root` ('' for `root` itself), or undefined when it is not below. */
function below(path: string, root: string): string | undefined {
  if (path === root) return '';
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
}

/** The directory that holds a node's private copy of the node-local host paths. */
export function nodeHostRoot(dirs: NodeHostDirs): string {
  return join(dirs.dataDir, 'nodes', dirs.nodeName, 'host');
}

/**
 * Where a pod's hostPath is on this machine. Many nodes share the machine, so kubelet's and
 * Podvisor's state directories are node-local: `/var/lib/kubelet/pods` (and below) is this node's
 * pods directory; `/var/lib/podvisor/images` (and below) the cluster's `<dataDir>/images`, shared
 * by every node like pre-pulled images; any other path under `/var/lib/kubelet` or
 * `/var/lib/podvisor` is `<dataDir>/nodes/<node>/host/<path>`. Every other path is used as is.
 * `path` must be absolute; it is normalised first (`..` cannot climb out of a mapped root).
 */
export function nodeHostPath(path: string, dirs: NodeHostDirs): string {
  const clean = posix.normalize(path).replace(/(.)\/+$/, '$1');
  const pods = below(clean, kubeletPods);
  if (pods !== undefined) return join(dirs.podsDir, pods);
  const images = below(clean, sharedImages);
  if (images !== undefined) return join(dirs.dataDir, 'images', images);
  if (nodeLocalRoots.some((root) => below(clean, root) !== undefined))
    return join(nodeHostRoot(dirs), clean);
  return clean;
}
