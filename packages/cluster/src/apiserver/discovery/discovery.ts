import type { JsonObject } from '../json.ts';
import type { Registry } from '../registry/registry.ts';
import { groupVersion, type ResourceDefinition } from '../registry/resource-definition.ts';

/** The versions of aggregated discovery: kubectl 1.30+ ask for v2, kubectl 1.29 only knows v2beta1. */
export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

/** The content type of aggregated discovery; kubectl ignores the body unless it is exactly this. */
export function aggregatedDiscoveryContentType(version: AggregatedDiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** The aggregated discovery version the Accept header asks for (v2 preferred), or undefined for the legacy form. */
export function wantedAggregatedDiscovery(
  accept: string | undefined,
): AggregatedDiscoveryVersion | undefined {
  const parts = (accept ?? '').split(',').map((part) => part.replace(/\s/g, '').split(';'));
  const asks = (version: string): boolean =>
    parts.some(
      (p) =>
        p.includes('g=apidiscovery.k8s.io') &&
        p.includes('as=APIGroupDiscoveryList') &&
        p.includes(`v=${version}`),
    );
  if (asks('v2')) return 'v2';
  return asks('v2beta1') ? 'v2beta1' : undefined;
}

function responseKind(
  def: ResourceDefinition,
  sub?: { kind: string; group?: string; version?: string },
): JsonObject {
  return {
    group: sub?.group ?? def.group,
    version: sub?.version ?? def.version,
    kind: sub?.kind ?? def.kind,
  };
}

function aggregatedResource(def: ResourceDefinition): JsonObject {
  const entry: JsonObject = {
    resource: def.plural,
    responseKind: responseKind(def),
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: [...def.verbs],
  };
  if (def.shortNames.length > 0) entry['shortNames'] = [...def.shortNames];
  if (def.categories.length > 0) entry['categories'] = [...def.categories];
  if (def.subresources.length > 0) {
    entry['subresources'] = def.subresources.map((s) => ({
      subresource: s.name,
      responseKind: responseKind(def, s),
      verbs: [...s.verbs],
    }));
  }
  return entry;
}

/** The aggregated discovery document (`APIGroupDiscoveryList`) for `/api` (core) or `/apis` (the rest). */
export function aggregatedDiscovery(
  registry: Registry,
  core: boolean,
  version: AggregatedDiscoveryVersion = 'v2',
): JsonObject {
  const groups = registry.groups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name },
      versions: g.versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: registry
          .all()
          .filter((d) => d.group === g.name && d.version === version)
          .map(aggregatedResource),
      })),
    })),
  };
}

/** `/api` in the legacy form. */
export function apiVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: readonly string[]): JsonObject {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] ?? null };
}

/** `/apis` in the legacy form. */
export function apiGroupList(registry: Registry): JsonObject {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.name !== '')
      .map((g) => apiGroup(g.name, g.versions)),
  };
}

/** `/apis/<group>` in the legacy form, or undefined for an unknown group. */
export function apiGroupDocument(registry: Registry, group: string): JsonObject | undefined {
  const info = registry.groups().find((g) => g.name === group && group !== '');
  return info === undefined
    ? undefined
    : { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(info.name, info.versions) };
}

function legacyResources(def: ResourceDefinition): JsonObject[] {
  const main: JsonObject = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: [...def.verbs],
  };
  if (def.shortNames.length > 0) main['shortNames'] = [...def.shortNames];
  if (def.categories.length > 0) main['categories'] = [...def.categories];
  const subs = def.subresources.map((s) => {
    const entry: JsonObject = {
      name: `${def.plural}/${s.name}`,
      singularName: '',
      namespaced: def.namespaced,
      kind: s.kind,
      verbs: [...s.verbs],
    };
    if (s.group !== undefined) entry['group'] = s.group;
    if (s.version !== undefined) entry['version'] = s.version;
    return entry;
  });
  return [main, ...subs];
}

/** `/api/v1` or `/apis/<group>/<version>`: the `APIResourceList`, or undefined when not served. */
export function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
): JsonObject | undefined {
  const defs = registry.all().filter((d) => d.group === group && d.version === version);
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: defs.flatMap(legacyResources),
  };
}

/** A group served by an aggregated API server, with each version's legacy APIResourceList (when fetched). */
export interface RemoteGroup {
  readonly name: string;
  readonly versions: readonly {
    readonly version: string;
    readonly resources: JsonObject | undefined;
  }[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Aggregated-discovery resources from a legacy APIResourceList (what aggregated servers serve). */
export function aggregatedFromLegacy(
  group: string,
  version: string,
  list: JsonObject,
): JsonObject[] {
  const entries = Array.isArray(list['resources'])
    ? list['resources'].filter(
        (r): r is JsonObject => typeof r === 'object' && r !== null && !Array.isArray(r),
      )
    : [];
  const main = entries.filter((r) => typeof r['name'] === 'string' && !r['name'].includes('/'));
  return main.map((r) => {
    const name = text(r['name']);
    const subs = entries.filter(
      (s) => typeof s['name'] === 'string' && s['name'].startsWith(`${name}/`),
    );
    const entry: JsonObject = {
      resource: name,
      responseKind: { group, version, kind: text(r['kind']) },
      scope: r['namespaced'] === true ? 'Namespaced' : 'Cluster',
      singularResource: typeof r['singularName'] === 'string' ? r['singularName'] : '',
      verbs: strings(r['verbs']),
    };
    if (strings(r['shortNames']).length > 0) entry['shortNames'] = strings(r['shortNames']);
    if (strings(r['categories']).length > 0) entry['categories'] = strings(r['categories']);
    if (subs.length > 0) {
      entry['subresources'] = subs.map((s) => ({
        subresource: text(s['name']).slice(name.length + 1),
        responseKind: { group, version, kind: text(s['kind']) },
        verbs: strings(s['verbs']),
      }));
    }
    return entry;
  });
}

/** Appends remote groups to an aggregated discovery document (versions whose list failed are left out). */
export function withRemoteGroups(doc: JsonObject, remote: readonly RemoteGroup[]): JsonObject {
  const items = Array.isArray(doc['items']) ? doc['items'] : [];
  const extra = remote.map((g) => ({
    metadata: { name: g.name },
    versions: g.versions
      .filter((v) => v.resources !== undefined)
      .map((v) => ({
        version: v.version,
        freshness: 'Current',
        resources: aggregatedFromLegacy(g.name, v.version, v.resources ?? {}),
      })),
  }));
  return { ...doc, items: [...items, ...extra] };
}

/** Appends remote groups to the legacy `APIGroupList`. */
export function withRemoteGroupList(
  doc: JsonObject,
  remote: readonly { name: string; versions: readonly string[] }[],
): JsonObject {
  const groups = Array.isArray(doc['groups']) ? doc['groups'] : [];
  return { ...doc, groups: [...groups, ...remote.map((g) => apiGroup(g.name, g.versions))] };
}
