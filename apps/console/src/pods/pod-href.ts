/** The details page of a pod (its tab given, else Overview). */
export function podHref(namespace: string, name: string, tab?: string): string {
  const path = `/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return tab === undefined ? path : `${path}?${new URLSearchParams({ tab }).toString()}`;
}
