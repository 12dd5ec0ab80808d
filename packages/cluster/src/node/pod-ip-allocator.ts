/** The pod address range of a node: node-N takes 127.N.0.0/16, pods get 127.N.0.2 upwards. */
export interface PodRange {
  /** The second octet. */
  readonly index: number;
  /** `127.N.0.0/16`, the Node's `spec.podCIDR`. */
  readonly cidr: string;
}

/** The range of a node from its name (`node-3` → 127.3.0.0/16; 1 for names without a number). */
export function podRangeOf(nodeName: string): PodRange {
  const match = /-(\d+)$/.exec(nodeName);
  const n = match === null ? 1 : Number(match[1]);
  const index = n >= 1 && n <= 95 ? n : 1;
  return { index, cidr: `127.${index}.0.0/16` };
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
    const offset = this.#offsetOf(ip);
    if (offset !== undefined) this.#used.add(offset);
  }

  /** The lowest free address; throws when the range is exhausted. */
  allocate(): string {
    for (let offset = 2; offset < 65535; offset += 1) {
      if (!this.#used.has(offset)) {
        this.#used.add(offset);
        return `127.${this.#range.index}.${offset >> 8}.${offset & 255}`;
      }
    }
    throw new Error(`the pod range ${this.#range.cidr} is exhausted`);
  }

  release(ip: string): void {
    const offset = this.#offsetOf(ip);
    if (offset !== undefined) this.#used.delete(offset);
  }

  #offsetOf(ip: string): number | undefined {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4 || parts[0] !== 127 || parts[1] !== this.#range.index) return undefined;
    return (parts[2] ?? 0) * 256 + (parts[3] ?? 0);
  }
}
