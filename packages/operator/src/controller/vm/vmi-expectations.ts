import type { VirtualMachineInstance } from '@podvisor/api';

interface Expectation {
  readonly kind: 'create' | 'delete';
  /** For a deletion: the UID of the VMI deleted. */
  readonly uid?: string;
  readonly untilMs: number;
}

/**
 * KubeVirt's controller expectations, by VM key: after creating or deleting a VMI the
 * controller waits until its informer cache shows the change (or a timeout passes) before it
 * acts on that VM again, so a stale cache never makes it create twice or delete a VMI it just
 * replaced. Checked against the cache on each reconcile (level-based, no event hooks).
 */
export class VmiExpectations {
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Expectation>();

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** A VMI was created for `key`. */
  expectCreate(key: string, nowMs: number): void {
    this.#pending.set(key, { kind: 'create', untilMs: nowMs + this.#timeoutMs });
  }

  /** The VMI `uid` of `key` was deleted. */
  expectDelete(key: string, uid: string, nowMs: number): void {
    this.#pending.set(key, { kind: 'delete', uid, untilMs: nowMs + this.#timeoutMs });
  }

  /**
   * Milliseconds until the pending expectation of `key` times out, or 0 when there is none
   * (any more): the cache `cached` shows it fulfilled, or it timed out.
   */
  pendingMs(key: string, cached: VirtualMachineInstance | undefined, nowMs: number): number {
    const expectation = this.#pending.get(key);
    if (!expectation) return 0;
    if (nowMs >= expectation.untilMs || fulfilled(expectation, cached)) {
      this.#pending.delete(key);
      return 0;
    }
    return expectation.untilMs - nowMs;
  }

  /** Whether a creation of `key` is still unobserved. */
  startExpected(key: string): boolean {
    return this.#pending.get(key)?.kind === 'create';
  }

  /** Whether a deletion of `key` is still unobserved. */
  stopExpected(key: string): boolean {
    return this.#pending.get(key)?.kind === 'delete';
  }

  /** Forgets `key` (its VM is gone). */
  forget(key: string): void {
    this.#pending.delete(key);
  }
}

function fulfilled(expectation: Expectation, cached: VirtualMachineInstance | undefined): boolean {
  if (expectation.kind === 'create') return cached !== undefined;
  if (!cached || cached.metadata.uid !== expectation.uid) return true;
  return cached.metadata.deletionTimestamp !== undefined;
}
