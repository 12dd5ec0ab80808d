import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { isDeleting, labelsOf, metaString, timestamp } from '../objects/lifecycle.ts';
import { labelSelectorFromSpec, matchesLabels } from '../selectors/index.ts';
import { StatusError, statusErrors } from '../status-error.ts';

/** Upstream's message when a budget forbids the eviction (429). */
export const budgetViolationMessage =
  "Cannot evict pod as it would violate the pod's disruption budget.";

/** What the PDBs say about evicting one pod. */
export type BudgetDecision =
  /** No budget applies (no PDB matches, or the pod is not running, or is unhealthy and may go). */
  | { readonly kind: 'unguarded' }
  /** Allowed by a budget whose status a disruption controller keeps: `updated` records it. */
  | { readonly kind: 'allowed'; readonly budget: KubeObject; readonly updated: KubeObject }
  /** Allowed by a budget computed here from the pods (no disruption controller wrote its status). */
  | { readonly kind: 'allowed-computed'; readonly budget: KubeObject };

/** What {@link decideDisruptionBudget} looks at. */
export interface BudgetInput {
  readonly pod: KubeObject;
  /** The PodDisruptionBudgets of the pod's namespace. */
  readonly budgets: readonly KubeObject[];
  /** The pods of the pod's namespace (for budgets without a current status). */
  readonly pods: readonly KubeObject[];
  readonly now: number;
}

function section(obj: KubeObject, key: string): JsonObject {
  const value = obj[key];
  return isJsonObject(value) ? value : {};
}

function phaseOf(pod: KubeObject): string {
  const phase = section(pod, 'status')['phase'];
  return typeof phase === 'string' ? phase : '';
}

function isReady(pod: KubeObject): boolean {
  const conditions = section(pod, 'status')['conditions'];
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => isJsonObject(c) && c['type'] === 'Ready' && c['status'] === 'True')
  );
}

/** Upstream's canIgnorePDB: finished, pending or already deleting pods are evicted freely. */
function ignoresBudgets(pod: KubeObject): boolean {
  return ['Succeeded', 'Failed', 'Pending'].includes(phaseOf(pod)) || isDeleting(pod);
}

function selects(budget: KubeObject, pod: KubeObject): boolean {
  const selector = section(budget, 'spec')['selector'];
  try {
    return matchesLabels(labelSelectorFromSpec(selector ?? null), labelsOf(pod));
  } catch (error) {
    if (error instanceof StatusError) return false;
    throw error;
  }
}

function numberAt(obj: JsonObject, key: string): number | undefined {
  const value = obj[key];
  return typeof value === 'number' ? value : undefined;
}

/** An int-or-percent scaled against `total`, rounded up (as GetScaledValueFromIntOrPercent). */
function scaled(value: Json | undefined, total: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)%$/.exec(value);
  if (match === null) return undefined;
  return Math.ceil((Number(match[1]) * total) / 100);
}

/** The healthy pods a budget needs of `expected` pods (minAvailable, or expected − maxUnavailable). */
function desiredHealthy(budget: KubeObject, expected: number): number {
  const spec = section(budget, 'spec');
  const maxUnavailable = scaled(spec['maxUnavailable'], expected);
  if (maxUnavailable !== undefined) return Math.max(0, expected - maxUnavailable);
  return scaled(spec['minAvailable'], expected) ?? 0;
}

/** The status a disruption controller would compute, from the namespace's pods. */
function computedStatus(budget: KubeObject, pods: readonly KubeObject[]): JsonObject {
  const selected = pods.filter(
    (p) => selects(budget, p) && !['Succeeded', 'Failed'].includes(phaseOf(p)),
  );
  const current = selected.filter((p) => isReady(p) && !isDeleting(p)).length;
  const desired = desiredHealthy(budget, selected.length);
  return {
    currentHealthy: current,
    desiredHealthy: desired,
    expectedPods: selected.length,
    disruptionsAllowed: Math.max(0, current - desired),
  };
}

function isCurrent(budget: KubeObject): boolean {
  const observed = numberAt(section(budget, 'status'), 'observedGeneration');
  const generation = budget.metadata['generation'];
  return observed !== undefined && observed >= (typeof generation === 'number' ? generation : 0);
}

function violation(budget: KubeObject, status: JsonObject): StatusError {
  const name = metaString(budget, 'name');
  return new StatusError(429, 'TooManyRequests', budgetViolationMessage, {
    causes: [
      {
        reason: 'DisruptionBudget',
        message: `The disruption budget ${name} needs ${String(numberAt(status, 'desiredHealthy') ?? 0)} healthy pods and has ${String(numberAt(status, 'currentHealthy') ?? 0)} currently`,
      },
    ],
  });
}

/** An unhealthy pod may go when the budget is met anyway, or its policy says AlwaysAllow. */
function unhealthyMayGo(budget: KubeObject, pod: KubeObject, status: JsonObject): boolean {
  if (isReady(pod)) return false;
  if (section(budget, 'spec')['unhealthyPodEvictionPolicy'] === 'AlwaysAllow') return true;
  const desired = numberAt(status, 'desiredHealthy') ?? 0;
  return desired > 0 && (numberAt(status, 'currentHealthy') ?? 0) >= desired;
}

/** The budget's status with one disruption used and the pod recorded in `disruptedPods`. */
function decremented(budget: KubeObject, podName: string, now: number): KubeObject {
  const next = structuredClone(budget);
  const status = section(next, 'status');
  const allowed = (numberAt(status, 'disruptionsAllowed') ?? 0) - 1;
  const disrupted = isJsonObject(status['disruptedPods']) ? status['disruptedPods'] : {};
  next['status'] = {
    ...status,
    disruptionsAllowed: allowed,
    disruptedPods: { ...disrupted, [podName]: timestamp(now) },
  };
  return next;
}

function decideOne(input: BudgetInput, budget: KubeObject): BudgetDecision {
  const current = isCurrent(budget);
  const status = current ? section(budget, 'status') : computedStatus(budget, input.pods);
  if (unhealthyMayGo(budget, input.pod, status)) return { kind: 'unguarded' };
  const allowed = numberAt(status, 'disruptionsAllowed') ?? 0;
  if (allowed < 0) {
    throw statusErrors.forbidden(
      `poddisruptionbudget.policy "${metaString(budget, 'name')}" is forbidden: pdb disruptions allowed is negative`,
      { name: metaString(budget, 'name'), group: 'policy', kind: 'poddisruptionbudget' },
    );
  }
  if (allowed === 0) throw violation(budget, status);
  if (!current) return { kind: 'allowed-computed', budget };
  const updated = decremented(budget, metaString(input.pod, 'name'), input.now);
  return { kind: 'allowed', budget, updated };
}

/**
 * kube-apiserver's PodDisruptionBudget check for an eviction: pods that are finished, pending or
 * deleting ignore budgets; more than one matching budget is a 500; a budget with no disruptions
 * left is a 429 "Cannot evict pod as it would violate the pod's disruption budget." (cause
 * DisruptionBudget). A budget whose status is not current (this cluster runs no disruption
 * controller) is evaluated from the namespace's pods instead of answering 429 forever.
 */
export function decideDisruptionBudget(input: BudgetInput): BudgetDecision {
  if (ignoresBudgets(input.pod)) return { kind: 'unguarded' };
  const matching = input.budgets.filter((b) => selects(b, input.pod));
  if (matching.length > 1) {
    throw statusErrors.internal(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  }
  const [budget] = matching;
  return budget === undefined ? { kind: 'unguarded' } : decideOne(input, budget);
}
