import type { VirtualMachine } from '@podvisor/api';

function revision(vm: VirtualMachine): bigint | undefined {
  const rv = vm.metadata.resourceVersion;
  return rv !== undefined && /^\d+$/.test(rv) ? BigInt(rv) : undefined;
}

/**
 * The VMs this controller wrote last, by key, so that a reconcile running before the informer
 * shows its own write (a new start failure, a trimmed request) decides on the newer object.
 * An entry is dropped once the cache catches up, or when its VM is gone or replaced.
 */
export class NewestVms {
  readonly #written = new Map<string, VirtualMachine>();

  /** Remembers the VM the API server answered a write with. */
  remember(key: string, vm: VirtualMachine): void {
    this.#written.set(key, vm);
  }

  /** The newer of the cached VM and the one last written (resourceVersions compared as numbers). */
  pick(key: string, cached: VirtualMachine): VirtualMachine {
    const written = this.#written.get(key);
    if (!written) return cached;
    const mine = revision(written);
    const theirs = revision(cached);
    const newer =
      written.metadata.uid === cached.metadata.uid &&
      mine !== undefined &&
      theirs !== undefined &&
      mine > theirs;
    if (newer) return written;
    this.#written.delete(key);
    return cached;
  }

  forget(key: string): void {
    this.#written.delete(key);
  }
}
