import { isJsonObject, type KubeObject } from '../../apiserver/json.ts';
import { builtinResources } from '../../apiserver/registry/builtin-resources.ts';
import type { Verb } from '../../apiserver/registry/resource-definition.ts';
import type { ResourceRef } from '../cluster-client.ts';

/** A resource the collector watches, with its kind (to tell an absent owner from an unknown kind). */
export interface WatchedResource extends ResourceRef {
  readonly kind: string;
}

const needed: readonly Verb[] = ['list', 'watch', 'delete'];

/** Upstream's default ignored resources: events are never owners nor collected. */
const ignored = new Set(['events.', 'events.events.k8s.io']);

/** A version-independent name of a resource (`deployments.apps`, `pods.`). */
export function resourceId(ref: { group: string; resource: string }): string {
  return `${ref.resource}.${ref.group}`;
}

/** The built-in resources the collector watches: those that can be listed, watched and deleted. */
export function collectableBuiltins(): WatchedResource[] {
  const seen = new Set<string>();
  return builtinResources.flatMap((d) => {
    const id = resourceId({ group: d.group, resource: d.plural });
    const usable = needed.every((v) => d.verbs.includes(v));
    if (!usable || ignored.has(id) || seen.has(id)) return [];
    seen.add(id);
    return [{ group: d.group, version: d.version, resource: d.plural, kind: d.kind }];
  });
}

function text(obj: unknown, field: string): string {
  return isJsonObject(obj) && typeof obj[field] === 'string' ? obj[field] : '';
}

/** The resource a CRD defines, at its storage version (or its first served one). */
export function crdResource(crd: KubeObject): WatchedResource | undefined {
  const spec = isJsonObject(crd['spec']) ? crd['spec'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isJsonObject) : [];
  const version =
    versions.find((v) => v['storage'] === true) ?? versions.find((v) => v['served'] === true);
  const names = spec['names'];
  const resource = { group: text(spec, 'group'), resource: text(names, 'plural') };
  const kind = text(names, 'kind');
  if (version === undefined || resource.resource === '' || kind === '') return undefined;
  return { ...resource, version: text(version, 'name'), kind };
}
