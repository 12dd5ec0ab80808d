import type { Logger } from '@podvisor/kube';
import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import { labelSelectorFromSpec, matchesLabels } from '../selectors/index.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { updateObject } from '../service/update-object.ts';
import { policyRulesOf, policyRuleToJson, type PolicyRule } from './policy-rule.ts';
import type { RbacCache } from './rbac-cache.ts';

const fieldManager = 'clusterrole-aggregation-controller';

function nameOf(role: KubeObject): string {
  const name = role.metadata['name'];
  return typeof name === 'string' ? name : '';
}

function labelsOf(role: KubeObject): Record<string, string> {
  const labels = role.metadata['labels'];
  const out: Record<string, string> = {};
  if (!isJsonObject(labels)) return out;
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The `aggregationRule.clusterRoleSelectors` of a role, or undefined when it aggregates nothing. */
function selectorsOf(role: KubeObject): readonly Json[] | undefined {
  const rule = role['aggregationRule'];
  if (!isJsonObject(rule)) return undefined;
  const selectors = rule['clusterRoleSelectors'];
  return Array.isArray(selectors) ? selectors : [];
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return JSON.stringify(policyRuleToJson(a)) === JSON.stringify(policyRuleToJson(b));
}

function selects(selector: Json, role: KubeObject): boolean {
  try {
    return matchesLabels(labelSelectorFromSpec(selector), labelsOf(role));
  } catch {
    return false;
  }
}

/**
 * The rules an aggregated ClusterRole should carry, as the clusterrole-aggregation controller
 * computes them: for each selector in order, the rules of the matching ClusterRoles (sorted by
 * name, itself excluded), without duplicates. Undefined for roles without an aggregationRule.
 */
export function aggregatedRules(
  role: KubeObject,
  rulesByRole: ReadonlyMap<string, { object: KubeObject; rules: readonly PolicyRule[] }>,
): PolicyRule[] | undefined {
  const selectors = selectorsOf(role);
  if (selectors === undefined) return undefined;
  const others = [...rulesByRole.values()]
    .filter((r) => nameOf(r.object) !== nameOf(role))
    .sort((a, b) => (nameOf(a.object) < nameOf(b.object) ? -1 : 1));
  const rules: PolicyRule[] = [];
  for (const selector of selectors) {
    for (const other of others) {
      if (!selects(selector, other.object)) continue;
      for (const rule of other.rules) if (!rules.some((r) => sameRule(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return (
    a.length === b.length &&
    a.every((rule, i) => {
      const other = b[i];
      return other !== undefined && sameRule(rule, other);
    })
  );
}

/**
 * Computes every aggregated ClusterRole's rules to a fixed point (so chains such as view → edit →
 * admin settle in one pass) and returns the roles whose stored rules differ.
 */
export function aggregationChanges(roles: Iterable<KubeObject>): Map<string, PolicyRule[]> {
  const current = new Map<string, { object: KubeObject; rules: PolicyRule[] }>();
  for (const object of roles) current.set(nameOf(object), { object, rules: policyRulesOf(object) });
  const changed = new Map<string, PolicyRule[]>();
  for (let pass = 0; pass <= current.size; pass += 1) {
    let moved = false;
    for (const [name, entry] of current) {
      const wanted = aggregatedRules(entry.object, current);
      if (wanted === undefined || sameRules(wanted, entry.rules)) continue;
      current.set(name, { object: entry.object, rules: wanted });
      changed.set(name, wanted);
      moved = true;
    }
    if (!moved) break;
  }
  return changed;
}

/**
 * The in-process clusterrole-aggregation controller: after every ClusterRole change it rewrites
 * the aggregated ClusterRoles whose rules are out of date (through the service layer, so the
 * writes carry managed fields and reach watchers). Writes are serialized.
 */
export class ClusterRoleAggregator {
  readonly #ctx: ServiceContext;
  readonly #cache: RbacCache;
  readonly #logger: Logger;
  readonly #unsubscribe: () => void;
  #queue: Promise<void> = Promise.resolve();
  #pending = false;

  constructor(options: { ctx: ServiceContext; cache: RbacCache; logger: Logger }) {
    this.#ctx = options.ctx;
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#unsubscribe = this.#cache.onChange((event) => {
      if (event.object.kind === 'ClusterRole') void this.sync();
    });
  }

  /** Brings every aggregated ClusterRole up to date; resolves when done (never rejects). */
  sync(): Promise<void> {
    if (this.#pending) return this.#queue;
    this.#pending = true;
    this.#queue = this.#queue.then(async () => {
      this.#pending = false;
      await this.#syncOnce();
    });
    return this.#queue;
  }

  /** Stops reacting to changes. */
  stop(): void {
    this.#unsubscribe();
  }

  async #syncOnce(): Promise<void> {
    const def = this.#ctx.registry.find('rbac.authorization.k8s.io', 'v1', 'clusterroles');
    if (def === undefined) return;
    const roles = [...this.#cache.clusterRoles()].map((r) => r.object);
    for (const [name, rules] of aggregationChanges(roles)) {
      const stored = this.#cache.clusterRole(name)?.object;
      if (stored === undefined) continue;
      try {
        await updateObject(
          this.#ctx,
          {
            def,
            namespace: '',
            name,
            subresource: '',
            options: { dryRun: false, fieldManager, fieldValidation: 'Ignore' },
          },
          stored,
          { ...structuredClone(stored), rules: rules.map(policyRuleToJson) },
        );
      } catch (error) {
        this.#logger.warn({ err: error, clusterRole: name }, 'aggregating ClusterRole failed');
      }
    }
  }
}
