import type { V1Pod } from '@kubernetes/client-node';
import {
  kubevirtResources,
  type ClusterConfig,
  type MigrationConfiguration,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigrationState,
} from '@podvisor/api';
import type { Clock, EventRecorder, KubeClient, Logger } from '@podvisor/kube';
import { ProtocolError, RemoteError } from '../../protocol/v1/index.ts';
import type { LauncherSession } from '../launcher-session.ts';
import { vmiForLauncher } from '../vmi-for-launcher.ts';
import { vmiInterfaces } from '../vmi-interfaces.ts';
import { migrateParams, migrateRequestTimeoutMs } from './migrate-params.ts';
import {
  abortingPatch,
  addressPatch,
  outcomePatch,
  startPatch,
  takeoverPatch,
  type VmiMergePatch,
} from './migration-patches.ts';
import {
  activeMigrationState,
  decideMigrationStep,
  type LocalMigration,
  type MigrationLauncherFacts,
  type MigrationOutcome,
  type MigrationStep,
} from './migration-step.ts';

/** What the migration driver uses of a launcher session. */
export type MigrationSession = Pick<
  LauncherSession,
  'connected' | 'domain' | 'guestInfo' | 'migration' | 'request' | 'synced'
>;

/** What a {@link MigrationDriver} works with. */
export interface MigrationDriverDeps {
  readonly nodeName: string;
  readonly client: Pick<KubeClient, 'patch'>;
  readonly clusterConfig: () => ClusterConfig;
  /** The KubeVirt CR's `spec.configuration.migrations`. */
  readonly migrationConfig: () => MigrationConfiguration | undefined;
  readonly events: EventRecorder;
  readonly clock: Clock;
  /** Puts a VMI key on the queue (a `Migrate` call ended). */
  readonly enqueue: (key: string) => void;
  /** How long `PrepareMigrationTarget` may take; 2 minutes by default. */
  readonly prepareTimeoutMs?: number;
}

/** One migration step to take for a VMI. */
export interface MigrationStepInput {
  readonly key: string;
  readonly vmi: VirtualMachineInstance;
  readonly session: MigrationSession;
  /** The launcher pod the session talks to (for the target's interfaces and UID). */
  readonly pod: V1Pod | undefined;
  readonly logger: Logger;
}

/** What a step did: `acted` when it wrote the VMI or called the launcher. */
export interface MigrationStepResult {
  readonly acted: boolean;
  readonly requeueAfterMs?: number;
}

const vmiType = kubevirtResources.virtualmachineinstances;
const idle: MigrationStepResult = { acted: false };
const acted: MigrationStepResult = { acted: true };

/** RFC 3339 with second precision, as Kubernetes writes times. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The launcher's own words in a RemoteError (without `<method> failed on the peer (<code>): `). */
export function remoteReason(error: RemoteError): string {
  const prefix = `${error.method} failed on the peer (${error.code}): `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** A `Migrate` call's rejection as an outcome; `undefined` when the connection dropped. */
function failureOutcome(error: unknown): MigrationOutcome | undefined {
  if (error instanceof RemoteError) return { succeeded: false, reason: remoteReason(error) };
  if (error instanceof ProtocolError && error.code === 'Timeout') {
    return { succeeded: false, reason: 'the source launcher did not answer Migrate in time' };
  }
  return undefined;
}

/**
 * virt-handler's side of live migration (issue 12, points 2 and 3): decides each VMI's next
 * step with {@link decideMigrationStep} and takes it — calls the launcher
 * (`PrepareMigrationTarget`, `Migrate`, `CancelMigration`, `GetDomain`) and merge-patches the
 * VMI's `status.migrationState` (and, at the takeover, its node, labels and interfaces), always
 * with the VMI's resourceVersion as a precondition. `Migrate` runs in the background; its
 * outcome is kept in memory and re-queues the VMI.
 */
export class MigrationDriver {
  readonly #deps: MigrationDriverDeps;
  readonly #local = new Map<string, LocalMigration>();

  constructor(deps: MigrationDriverDeps) {
    this.#deps = deps;
  }

  /** What the handler knows of the VMI's migration and launcher. */
  facts(
    key: string,
    vmi: VirtualMachineInstance,
    session: MigrationSession | undefined,
  ): MigrationLauncherFacts {
    return {
      connected: session?.connected ?? false,
      domain: session?.domain,
      local: this.#localFor(key, vmi),
      migration: session?.migration,
    };
  }

  /** Forgets a VMI (it left this node). */
  forget(key: string): void {
    this.#local.delete(key);
  }

  /** Decides the VMI's next migration step and takes it. */
  async step(input: MigrationStepInput): Promise<MigrationStepResult> {
    const step = decideMigrationStep(
      input.vmi,
      this.#deps.nodeName,
      this.facts(input.key, input.vmi, input.session),
    );
    if (step.kind !== 'nothing') input.logger.info({ step: step.kind }, 'migration step');
    return this.#take(step, input);
  }

  #localFor(key: string, vmi: VirtualMachineInstance): LocalMigration | undefined {
    const uid = activeMigrationState(vmi)?.migrationUid;
    const current = this.#local.get(key);
    if (uid === undefined || current?.migrationUid === uid) return current;
    return undefined;
  }

  /** The VMI's local record of its current migration, made when missing. */
  #record(key: string, state: VirtualMachineInstanceMigrationState): LocalMigration {
    const uid = state.migrationUid ?? '';
    const current = this.#local.get(key);
    if (current?.migrationUid === uid) return current;
    const fresh: LocalMigration = { migrationUid: uid };
    this.#local.set(key, fresh);
    return fresh;
  }

  async #take(step: MigrationStep, input: MigrationStepInput): Promise<MigrationStepResult> {
    const state = activeMigrationState(input.vmi);
    if (state === undefined) return idle;
    const now = rfc3339(this.#deps.clock.now());
    switch (step.kind) {
      case 'nothing':
        return idle;
      case 'prepareTarget':
        return this.#prepare(input, state);
      case 'reportAddress':
        return this.#patch(input, addressPatch(step.address));
      case 'startMigration':
        return this.#start(input, state, step.targetUri);
      case 'reportCompleted':
        return this.#patch(input, outcomePatch(state, { succeeded: true }, now));
      case 'reportFailed':
        return this.#reportFailed(input, state, step.reason);
      case 'abort':
        return this.#abort(input, state);
      case 'awaitTargetDomain':
        return this.#awaitTargetDomain(input);
      case 'takeOver':
        return this.#takeOver(input, now);
    }
  }

  async #patch(input: MigrationStepInput, patch: VmiMergePatch): Promise<MigrationStepResult> {
    const resourceVersion = input.vmi.metadata.resourceVersion;
    await this.#deps.client.patch(vmiType, input.key, patch, {
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    });
    input.logger.info({ migrationState: patch.status.migrationState }, 'migration state written');
    return acted;
  }

  async #prepare(
    input: MigrationStepInput,
    state: VirtualMachineInstanceMigrationState,
  ): Promise<MigrationStepResult> {
    const local = this.#record(input.key, state);
    local.preparing = true;
    let address: string;
    try {
      ({ address } = await input.session.request(
        'PrepareMigrationTarget',
        {
          vmi: vmiForLauncher(input.vmi),
          migrationUid: local.migrationUid,
          options: { useEmulation: this.#deps.clusterConfig().useEmulation },
        },
        { timeoutMs: this.#deps.prepareTimeoutMs ?? 120_000 },
      ));
      local.preparedAddress = address;
    } catch (error) {
      if (error instanceof RemoteError) {
        this.#deps.events.record(input.vmi, {
          type: 'Warning',
          reason: 'PrepareMigrationTargetFailed',
          message: error.message,
        });
      }
      throw error;
    } finally {
      local.preparing = false;
    }
    this.#deps.events.record(input.vmi, {
      type: 'Normal',
      reason: 'PreparingTarget',
      message: `Migration Target is listening at ${address}`,
    });
    return this.#patch(input, addressPatch(address));
  }

  async #start(
    input: MigrationStepInput,
    state: VirtualMachineInstanceMigrationState,
    targetUri: string,
  ): Promise<MigrationStepResult> {
    const now = rfc3339(this.#deps.clock.now());
    // The start is written first: nothing runs unless the controller can see it started.
    await this.#patch(input, startPatch(state, now));
    const local = this.#record(input.key, state);
    const params = migrateParams({
      targetUri,
      migrationUid: local.migrationUid,
      config: this.#deps.migrationConfig(),
    });
    local.migrateRunning = true;
    this.#deps.events.record(input.vmi, {
      type: 'Normal',
      reason: 'Migrating',
      message: 'VirtualMachineInstance is migrating.',
    });
    const timeoutMs = migrateRequestTimeoutMs(input.vmi, params);
    void input.session.request('Migrate', params, { timeoutMs }).then(
      () => {
        this.#settle(input, local, { succeeded: true });
      },
      (error: unknown) => {
        input.logger.warn({ err: error }, 'Migrate failed');
        this.#settle(input, local, failureOutcome(error));
      },
    );
    return acted;
  }

  #settle(input: MigrationStepInput, local: LocalMigration, outcome: MigrationOutcome | undefined) {
    local.migrateRunning = false;
    if (outcome !== undefined) local.outcome = outcome;
    this.#deps.enqueue(input.key);
  }

  async #reportFailed(
    input: MigrationStepInput,
    state: VirtualMachineInstanceMigrationState,
    reason: string,
  ): Promise<MigrationStepResult> {
    const patch = outcomePatch(
      state,
      { succeeded: false, reason },
      rfc3339(this.#deps.clock.now()),
    );
    const result = await this.#patch(input, patch);
    this.#deps.events.record(input.vmi, {
      type: 'Warning',
      reason: 'MigrationFailed',
      message: patch.status.migrationState.failureReason ?? reason,
    });
    return result;
  }

  async #abort(
    input: MigrationStepInput,
    state: VirtualMachineInstanceMigrationState,
  ): Promise<MigrationStepResult> {
    const local = this.#record(input.key, state);
    local.cancelSent = true;
    try {
      await input.session.request('CancelMigration', { migrationUid: local.migrationUid });
    } catch (error) {
      // Too late or nothing to cancel: Migrate's answer tells the outcome.
      if (!(error instanceof RemoteError)) {
        local.cancelSent = false;
        throw error;
      }
      input.logger.warn({ err: error }, 'CancelMigration refused');
    }
    // A migration the controller failed (not an abort request) has no abort to report.
    if (state.abortRequested !== true) return acted;
    return this.#patch(input, abortingPatch());
  }

  async #awaitTargetDomain(input: MigrationStepInput): Promise<MigrationStepResult> {
    const { session } = input;
    session.domain = await session.request('GetDomain', {});
    const next = decideMigrationStep(
      input.vmi,
      this.#deps.nodeName,
      this.facts(input.key, input.vmi, session),
    );
    if (next.kind === 'takeOver') return this.#takeOver(input, rfc3339(this.#deps.clock.now()));
    return { acted: true, requeueAfterMs: 1000 };
  }

  async #takeOver(input: MigrationStepInput, now: string): Promise<MigrationStepResult> {
    const { vmi, session, pod } = input;
    const interfaces = vmiInterfaces({
      vmi,
      domain: session.domain,
      guestInfo: session.guestInfo,
      podIp: pod?.status?.podIP,
    });
    const podUid = pod?.metadata?.uid ?? '';
    const patch = takeoverPatch({ vmi, node: this.#deps.nodeName, podUid, interfaces, now });
    const result = await this.#patch(input, patch);
    // The migrated domain runs: the launcher must not be asked to start it again.
    session.synced = true;
    this.forget(input.key);
    return result;
  }
}
