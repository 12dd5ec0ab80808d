import type { KubeConfig } from '@kubernetes/client-node';
import { isAlreadyExists, isConflict, isNotFound } from '../client/api-errors.ts';
import { resourcePath } from '../client/kube-client.ts';
import { requestJson } from '../client/request-json.ts';
import type { Logger } from '../log/create-logger.ts';
import { realClock, type Clock } from '../queue/clock.ts';

/** Options of {@link startLeaderElection}; durations follow client-go's defaults. */
export interface LeaderElectionOptions {
  readonly kubeConfig: KubeConfig;
  /** The Lease's namespace and name. */
  readonly namespace: string;
  readonly name: string;
  /** This candidate's unique identity (e.g. pod name plus a random suffix). */
  readonly identity: string;
  readonly logger: Logger;
  /** How long a lease holds without renewal before others take it (15 s). */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up leading (10 s). */
  readonly renewDeadlineMs?: number;
  /** The interval of acquire and renew attempts (2 s). */
  readonly retryPeriodMs?: number;
  /** Whether `stop()` releases a held lease so others take over at once (true). */
  readonly releaseOnStop?: boolean;
  readonly clock?: Clock;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  readonly onStartedLeading: (signal: AbortSignal) => void;
  /** Called when leadership ends (lost, or given up on `stop()`). */
  readonly onStoppedLeading?: () => void;
}

/** A running election. */
export interface LeaderElection {
  isLeader(): boolean;
  /** Stops campaigning; a leader releases the lease so another candidate takes over at once. */
  stop(): Promise<void>;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

const leases = { apiVersion: 'coordination.k8s.io/v1', plural: 'leases', namespaced: true };

/**
 * Campaigns for a `coordination.k8s.io/v1` Lease as client-go's leader election does: acquire
 * when the lease is free or its holder's renewals, as observed on this candidate's clock, are
 * older than the lease duration; renew every retry period while leading; give up leading when
 * renewal keeps failing past the renew deadline, and campaign again. Writes are guarded by
 * resourceVersion, so two candidates never both win.
 */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  return new Elector(options).start();
}

class Elector {
  readonly #o: LeaderElectionOptions;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #stop = new AbortController();
  #leading: AbortController | undefined;
  /** The holder and renewTime last seen, and when (on our clock) they last changed. */
  #observed = { record: '', at: 0 };
  #lastRenew = 0;
  #loop: Promise<void> = Promise.resolve();

  constructor(options: LeaderElectionOptions) {
    this.#o = options;
    this.#clock = options.clock ?? realClock;
    this.#leaseMs = options.leaseDurationMs ?? 15_000;
  }

  start(): LeaderElection {
    this.#loop = this.#run();
    return {
      isLeader: () => this.#leading !== undefined,
      stop: async () => {
        this.#stop.abort();
        await this.#loop;
      },
    };
  }

  async #run(): Promise<void> {
    const retryMs = this.#o.retryPeriodMs ?? 2_000;
    const deadlineMs = this.#o.renewDeadlineMs ?? 10_000;
    while (!this.#stop.signal.aborted) {
      const attempt = await this.#tryAcquireOrRenew();
      const now = this.#clock.now();
      if (attempt === 'held') {
        this.#lastRenew = now;
        if (!this.#leading) this.#startLeading();
      } else if (this.#leading && (attempt === 'taken' || now - this.#lastRenew >= deadlineMs)) {
        this.#stopLeading('lost');
      }
      await this.#sleep(retryMs);
    }
    if (this.#leading) {
      if (this.#o.releaseOnStop ?? true) await this.#release();
      this.#stopLeading('stopped');
    }
  }

  /** One attempt: `held` (ours now), `taken` (another live holder) or `failed` (try again). */
  async #tryAcquireOrRenew(): Promise<'held' | 'taken' | 'failed'> {
    try {
      const lease = await this.#readLease();
      if (!lease) {
        await this.#createLease();
        return 'held';
      }
      if (!this.#mayTake(lease)) return 'taken';
      await this.#writeLease(lease);
      return 'held';
    } catch (error: unknown) {
      const level = isConflict(error) || isAlreadyExists(error) ? 'debug' : 'warn';
      this.#o.logger[level](
        { err: error, lease: this.#o.name },
        'could not acquire or renew the lease',
      );
      return 'failed';
    }
  }

  #mayTake(lease: Lease): boolean {
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const record = `${holder}@${spec.renewTime ?? ''}`;
    const now = this.#clock.now();
    if (record !== this.#observed.record) this.#observed = { record, at: now };
    if (holder === '' || holder === this.#o.identity) return true;
    const durationMs = (spec.leaseDurationSeconds ?? this.#leaseMs / 1000) * 1000;
    return this.#observed.at + durationMs <= now;
  }

  #path(name?: string): string {
    return resourcePath(leases, {
      namespace: this.#o.namespace,
      ...(name === undefined ? {} : { name }),
    });
  }

  async #readLease(): Promise<Lease | undefined> {
    try {
      return (await requestJson(this.#o.kubeConfig, {
        method: 'GET',
        path: this.#path(this.#o.name),
      })) as Lease;
    } catch (error: unknown) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #createLease(): Promise<void> {
    const lease: Lease = {
      apiVersion: leases.apiVersion,
      kind: 'Lease',
      metadata: { name: this.#o.name, namespace: this.#o.namespace },
      spec: this.#spec(undefined),
    };
    await requestJson(this.#o.kubeConfig, { method: 'POST', path: this.#path(), body: lease });
  }

  /** Replaces the lease (guarded by its resourceVersion) with us as holder. */
  async #writeLease(lease: Lease): Promise<void> {
    const body: Lease = { ...lease, spec: this.#spec(lease.spec) };
    await requestJson(this.#o.kubeConfig, { method: 'PUT', path: this.#path(this.#o.name), body });
  }

  #spec(previous: LeaseSpec | undefined): LeaseSpec {
    const now = microTime(this.#clock.now());
    const ours = previous?.holderIdentity === this.#o.identity;
    return {
      holderIdentity: this.#o.identity,
      leaseDurationSeconds: Math.max(1, Math.round(this.#leaseMs / 1000)),
      acquireTime: ours ? (previous.acquireTime ?? now) : now,
      renewTime: now,
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (previous && !ours ? 1 : 0),
    };
  }

  async #release(): Promise<void> {
    try {
      const lease = await this.#readLease();
      if (lease?.spec?.holderIdentity !== this.#o.identity) return;
      const spec: LeaseSpec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 };
      await requestJson(this.#o.kubeConfig, {
        method: 'PUT',
        path: this.#path(this.#o.name),
        body: { ...lease, spec },
      });
    } catch (error: unknown) {
      this.#o.logger.warn({ err: error, lease: this.#o.name }, 'could not release the lease');
    }
  }

  #startLeading(): void {
    this.#leading = new AbortController();
    this.#o.logger.info({ lease: this.#o.name, identity: this.#o.identity }, 'became leader');
    this.#o.onStartedLeading(this.#leading.signal);
  }

  #stopLeading(why: 'lost' | 'stopped'): void {
    this.#leading?.abort(new Error(`leadership ${why}`));
    this.#leading = undefined;
    this.#o.logger.info(
      { lease: this.#o.name, identity: this.#o.identity, why },
      'stopped leading',
    );
    this.#o.onStoppedLeading?.();
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#stop.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.#clock.setTimer(done, ms);
      function done(): void {
        timer.cancel();
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}

/** Kubernetes' MicroTime: RFC 3339 with six fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
