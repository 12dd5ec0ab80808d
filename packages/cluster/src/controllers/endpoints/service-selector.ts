import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { serviceSpec } from '../services/desired-cluster-ip.ts';
import { objectCacheKey } from '../store-informer.ts';

/**
 * The pod selector of a Service whose endpoints the controllers manage, or undefined: for a
 * Service without a selector (an empty one counts as none, as upstream stores it) or of type
 * ExternalName, whose Endpoints are the user's.
 */
export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const spec = serviceSpec(service);
  if (spec['type'] === 'ExternalName' || !isJsonObject(spec['selector'])) return undefined;
  const selector: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec['selector'])) if (typeof v === 'string') selector[k] = v;
  return Object.keys(selector).length === 0 ? undefined : selector;
}

/** Whether every `key=value` of a selector is among the pod's labels. */
export function selectsPod(selector: Record<string, string>, pod: KubeObject): boolean {
  const labels = labelsOf(pod);
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** The keys of the Services (from `services`) of the pod's namespace that select it. */
export function servicesSelecting(services: readonly KubeObject[], pod: KubeObject): string[] {
  const namespace = metaString(pod, 'namespace');
  return services
    .filter((svc) => metaString(svc, 'namespace') === namespace)
    .filter((svc) => {
      const selector = serviceSelector(svc);
      return selector !== undefined && selectsPod(selector, pod);
    })
    .map(objectCacheKey);
}
