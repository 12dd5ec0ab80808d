/** The details page of a VM (its tab given, else Overview). */
export function vmHref(namespace: string, name: string, tab?: string): string {
  const path = `/vms/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return tab === undefined ? path : `${path}?${new URLSearchParams({ tab }).toString()}`;
}
