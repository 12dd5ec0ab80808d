import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { parseQuantity, QuantityError } from './parse-quantity.ts';

/** Amounts of resources by name (`cpu`, `memory`, `pods`, extended resources), in thousandths. */
export type ResourceAmounts = ReadonlyMap<string, number>;

/** What the scheduler assumes for scoring when a container requests no cpu or memory (upstream's). */
const nonZeroDefaults: Readonly<Record<string, number>> = {
  cpu: 100,
  memory: 200 * 2 ** 20 * 1000,
};

/** Reads a resource list (`requests`, `limits`, `allocatable`…) into amounts; `path` names it in errors. */
export function resourceAmounts(list: Json | undefined, path: string): Map<string, number> {
  const amounts = new Map<string, number>();
  if (!isJsonObject(list)) return amounts;
  for (const [name, value] of Object.entries(list)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    try {
      amounts.set(name, parseQuantity(value));
    } catch (error) {
      if (!(error instanceof QuantityError)) throw error;
      throw new QuantityError(
        `${path}.${name}: Invalid value: ${JSON.stringify(value)}: ${error.message}`,
      );
    }
  }
  return amounts;
}

function sum(a: ResourceAmounts, b: ResourceAmounts): Map<string, number> {
  const result = new Map(a);
  for (const [name, v] of b) result.set(name, (result.get(name) ?? 0) + v);
  return result;
}

function max(a: ResourceAmounts, b: ResourceAmounts): Map<string, number> {
  const result = new Map(a);
  for (const [name, v] of b) result.set(name, Math.max(result.get(name) ?? 0, v));
  return result;
}

/** A container's requests; a resource with only a limit requests its limit (API defaulting). */
function containerRequests(container: JsonObject, path: string, nonZero: boolean): ResourceAmounts {
  const resources = isJsonObject(container['resources']) ? container['resources'] : {};
  const limits = resourceAmounts(resources['limits'], `${path}.resources.limits`);
  const requests = resourceAmounts(resources['requests'], `${path}.resources.requests`);
  const result = new Map([...limits, ...requests]);
  if (nonZero)
    for (const [name, v] of Object.entries(nonZeroDefaults))
      if (!result.has(name)) result.set(name, v);
  return result;
}

function containers(spec: JsonObject, field: string): JsonObject[] {
  const list = spec[field];
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

/**
 * What a pod requests, as the scheduler counts it: the sum of its containers and of its sidecars
 * (init containers with `restartPolicy: Always`), or, when larger, what any plain init container
 * needs on top of the sidecars started before it; plus `spec.overhead`. With `nonZero`, containers
 * that request no cpu or memory count upstream's defaults (100m, 200Mi), as scoring does.
 * Throws a QuantityError naming the field of a malformed quantity.
 */
export function podRequests(pod: KubeObject, options: { nonZero?: boolean } = {}): ResourceAmounts {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const nonZero = options.nonZero ?? false;
  let total: ResourceAmounts = new Map();
  for (const [i, c] of containers(spec, 'containers').entries())
    total = sum(total, containerRequests(c, `spec.containers[${String(i)}]`, nonZero));
  let sidecars: ResourceAmounts = new Map();
  let initPeak: ResourceAmounts = new Map();
  for (const [i, c] of containers(spec, 'initContainers').entries()) {
    const requests = containerRequests(c, `spec.initContainers[${String(i)}]`, nonZero);
    if (c['restartPolicy'] === 'Always') sidecars = sum(sidecars, requests);
    else initPeak = max(initPeak, sum(sidecars, requests));
  }
  const running = max(sum(total, sidecars), initPeak);
  return sum(running, resourceAmounts(spec['overhead'], 'spec.overhead'));
}
