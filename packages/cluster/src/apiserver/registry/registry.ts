import { builtinResources } from './builtin-resources.ts';
import type { ResourceDefinition } from './resource-definition.ts';

/** One API group with its versions, preferred first, as discovery lists it. */
export interface GroupInfo {
  readonly name: string;
  readonly versions: readonly string[];
}

/**
 * The set of resources the server serves: the built-ins plus those defined by CRDs. CRD
 * resources come and go at run time; `generation` changes with every change so that discovery
 * and OpenAPI documents can be cached.
 */
export class Registry {
  #crdResources = new Map<string, readonly ResourceDefinition[]>();
  #all: readonly ResourceDefinition[] = builtinResources;
  #generation = 0;

  /** Bumped on every change to the set of resources. */
  get generation(): number {
    return this.#generation;
  }

  /** Every resource definition: built-ins first, then CRDs in name order. */
  all(): readonly ResourceDefinition[] {
    return this.#all;
  }

  /** The resource served at `group/version/plural`, if any. */
  find(group: string, version: string, plural: string): ResourceDefinition | undefined {
    return this.#all.find((d) => d.group === group && d.version === version && d.plural === plural);
  }

  /** Whether any version of the group is served (a 404 for an unknown version of a known group differs). */
  hasGroupVersion(group: string, version: string): boolean {
    return this.#all.some((d) => d.group === group && d.version === version);
  }

  /** The groups, core first, each with its versions (preferred first). */
  groups(): readonly GroupInfo[] {
    const groups = new Map<string, string[]>();
    for (const d of this.#all) {
      const versions = groups.get(d.group) ?? [];
      if (!versions.includes(d.version)) versions.push(d.version);
      groups.set(d.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions: sortVersions(versions) }));
  }

  /** Replaces the resources defined by one CRD (an empty list removes them). */
  setCrdResources(crdName: string, definitions: readonly ResourceDefinition[]): void {
    if (definitions.length === 0) this.#crdResources.delete(crdName);
    else this.#crdResources.set(crdName, definitions);
    const crds = [...this.#crdResources.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([, defs]) => defs);
    this.#all = [...builtinResources, ...crds];
    this.#generation += 1;
  }
}

const versionPattern = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kubernetes' version priority: GA > beta > alpha, higher numbers first, then the rest by name. */
export function sortVersions(versions: readonly string[]): string[] {
  const rank = (v: string): [number, number, number] => {
    const m = versionPattern.exec(v);
    if (m === null) return [0, 0, 0];
    const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  return [...versions].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    for (let i = 0; i < 3; i += 1) {
      const diff = (rb[i] ?? 0) - (ra[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return a.localeCompare(b);
  });
}
