import type { ApiService } from './api-service.ts';

/** A group served by aggregated APIServices, for merging into `/apis` discovery. */
export interface AggregatedGroup {
  readonly name: string;
  /** Highest priority first; the first one is the preferred version. */
  readonly versions: readonly string[];
}

const kubeVersion = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Sort key of a version as Kubernetes orders them: GA, then beta, then alpha, then others. */
function versionRank(version: string): [number, number, number, string] {
  const match = kubeVersion.exec(version);
  if (match === null) return [0, 0, 0, version];
  const stage = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return [stage, Number(match[1]), Number(match[3] ?? 0), ''];
}

/** Compares versions as upstream's CompareKubeAwareVersionStrings (negative: `a` first). */
export function compareKubeVersions(a: string, b: string): number {
  const [sa, ma, na, ta] = versionRank(a);
  const [sb, mb, nb, tb] = versionRank(b);
  return sb - sa || mb - ma || nb - na || ta.localeCompare(tb);
}

/**
 * The groups of remote APIServices as kube-aggregator orders them: by the highest
 * groupPriorityMinimum, then name; versions by versionPriority, then Kubernetes version order.
 */
export function aggregatedGroups(apiServices: readonly ApiService[]): AggregatedGroup[] {
  const byGroup = new Map<string, ApiService[]>();
  for (const apiService of apiServices) {
    if (apiService.service === undefined || apiService.group === '') continue;
    byGroup.set(apiService.group, [...(byGroup.get(apiService.group) ?? []), apiService]);
  }
  const priority = (services: readonly ApiService[]): number =>
    Math.max(...services.map((s) => s.groupPriorityMinimum));
  return [...byGroup.entries()]
    .sort(([a, sa], [b, sb]) => priority(sb) - priority(sa) || a.localeCompare(b))
    .map(([name, services]) => ({
      name,
      versions: [...services]
        .sort(
          (a, b) =>
            b.versionPriority - a.versionPriority || compareKubeVersions(a.version, b.version),
        )
        .map((s) => s.version),
    }));
}
