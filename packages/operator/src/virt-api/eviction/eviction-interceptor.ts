import type { EvictionStrategy, VirtualMachineInstance } from '@podvisor/api';
import type { AdmissionDecision, AdmissionRequest } from '../admission-review.ts';
import {
  decideEviction,
  evacuationMigration,
  isActiveMigration,
  launcherDomain,
  type EvictionDecision,
} from './decide-eviction.ts';
import type { EvictionCluster } from './eviction-cluster.ts';

/** The webhook path of the interceptor (KubeVirt's LauncherEvictionValidatePath). */
export const launcherEvictionPath = '/launcher-eviction-validate';

/** What {@link evictionInterceptor} needs. */
export interface EvictionInterceptorOptions {
  readonly cluster: EvictionCluster;
  /** The cluster default eviction strategy (from the KubeVirt CR); absent means None. */
  readonly clusterStrategy: () => EvictionStrategy | undefined;
}

/** An admission handler that may call the API server. Never rejects: failures are denials. */
export type AsyncAdmissionHandler = (request: AdmissionRequest) => Promise<AdmissionDecision>;

const allowed: AdmissionDecision = { allowed: true };

/** A 429 denial: kubectl drain (and the descheduler) retry on TooManyRequests. */
function tooManyRequests(message: string): AdmissionDecision {
  return { allowed: false, status: { code: 429, reason: 'TooManyRequests', message } };
}

function messageOf(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: unknown };
      if (typeof status.message === 'string') return status.message;
    } catch {
      // not a Status
    }
  }
  return error instanceof Error ? error.message : String(error);
}

async function migrationActive(
  cluster: EvictionCluster,
  vmi: VirtualMachineInstance,
): Promise<boolean> {
  const all = await cluster.listMigrations(vmi.metadata.namespace ?? '');
  return all.some((m) => isActiveMigration(m, vmi.metadata.name ?? ''));
}

/** Marks the VMI and starts its migration, as the decision says (nothing on a dry run). */
async function carryOut(
  cluster: EvictionCluster,
  at: { vmi: VirtualMachineInstance; node: string; dryRun: boolean },
  decision: Extract<EvictionDecision, { kind: 'evacuate' }>,
): Promise<void> {
  if (at.dryRun) return;
  const namespace = at.vmi.metadata.namespace ?? '';
  if (decision.markNode !== undefined) {
    await cluster.markForEvacuation(namespace, at.vmi.metadata.name ?? '', decision.markNode);
  }
  if (decision.migrate) {
    await cluster.createMigration(namespace, evacuationMigration(at.vmi, at.node));
  }
}

async function intercept(
  options: EvictionInterceptorOptions,
  request: AdmissionRequest,
): Promise<AdmissionDecision> {
  const { cluster } = options;
  const pod = await cluster.getPod(request.namespace, request.name);
  const domain = pod === undefined ? undefined : launcherDomain(pod);
  if (pod === undefined || domain === undefined) return allowed;
  const vmi = await cluster.getVmi(request.namespace, domain);
  if (vmi === undefined) return allowed;
  const decision = decideEviction({
    pod,
    vmi,
    migrationActive: await migrationActive(cluster, vmi),
    clusterStrategy: options.clusterStrategy(),
  });
  if (decision.kind === 'allow') return allowed;
  if (decision.kind === 'deny') return tooManyRequests(decision.message);
  const node = pod.spec?.nodeName ?? '';
  await carryOut(cluster, { vmi, node, dryRun: request.dryRun }, decision);
  return tooManyRequests(decision.message);
}

/**
 * KubeVirt's `virt-launcher-eviction-interceptor` (validating webhook on `pods/eviction`
 * CREATE): the eviction of a launcher pod whose VMI should live-migrate is denied with 429 while
 * virt-api marks the VMI (`status.evacuationNodeName`) and creates an evacuation migration, so
 * `kubectl drain` retries until the migration has moved the VM and the source pod is gone. A
 * non-migratable VMI with LiveMigrate is denied with the reason; everything else is allowed. An
 * API failure is a 429 naming it (the drain retries).
 */
export function evictionInterceptor(options: EvictionInterceptorOptions): AsyncAdmissionHandler {
  return async (request) => {
    if (request.operation !== 'CREATE' || request.resource !== 'pods') return allowed;
    if (request.subresource !== undefined && request.subresource !== 'eviction') return allowed;
    try {
      return await intercept(options, request);
    } catch (error) {
      return tooManyRequests(`kubevirt failed to handle the eviction: ${messageOf(error)}`);
    }
  };
}
