import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';

/**
 * The pod address range of a node: node-N of the cluster in slot S takes 127.N.S.0/24, pods get
 * 127.N.S.2 upwards. The slot comes from the cluster's data directory, so two embedded clusters
 * on one machine (`npm start` while `npm test` runs) almost never hand out the same address.
 */
export interface PodRange {
  /** The second octet: the node's number. */
  readonly index: number;
  /** The third octet: the cluster's slot. */
  readonly slot: number;
  /** `127.N.S.0/24`, the Node's `spec.podCIDR`. */
  readonly cidr: string;
}

/** The slot (1–254) of the cluster whose data directory is `dataDir`. */
export function clusterSlot(dataDir: string): number {
  let path = dataDir;
  try {
    path = realpathSync(dataDir);
  } catch {
    // a directory that does not exist yet: its path as given
  }
  return (createHash('sha256').update(path).digest().readUInt16BE(0) % 254) + 1;
}

/** The range of a node from its name (`node-3` → 127.3.S.0/24; 1 for names without a number). */
export function podRangeOf(nodeName: string, slot: number): PodRange {
  const match = /-(\d+)$/.exec(nodeName);
  const n = match === null ? 1 : Number(match[1]);
  const index = n >= 1 && n <= 95 ? n : 1;
  return { index, slot, cidr: `127.${String(index)}.${String(slot)}.0/24` };
}

/** Hands out the addresses of a node's range; addresses in use are recorded in the pods' records. */
export class PodIpAllocator {
  readonly #range: PodRange;
  readonly #used = new Set<number>();

  constructor(range: PodRange) {
    this.#range = range;
  }

  /** Marks an address as taken (a pod found on disk at start-up). */
  markUsed(ip: string): void {
    const host = this.#hostOf(ip);
    if (host !== undefined) this.#used.add(host);
  }

  /** The lowest free address; throws when the range is exhausted. */
  allocate(): string {
    for (let host = 2; host < 255; host += 1) {
      if (!this.#used.has(host)) {
        this.#used.add(host);
        return `127.${String(this.#range.index)}.${String(this.#range.slot)}.${String(host)}`;
      }
    }
    throw new Error(`the pod range ${this.#range.cidr} is exhausted (253 pods per node)`);
  }

  release(ip: string): void {
    const host = this.#hostOf(ip);
    if (host !== undefined) this.#used.delete(host);
  }

  #hostOf(ip: string): number | undefined {
    const parts = ip.split('.').map(Number);
    const [a, b, c, d] = parts;
    if (parts.length !== 4 || a !== 127 || b !== this.#range.index || c !== this.#range.slot)
      return undefined;
    return d;
  }
}
