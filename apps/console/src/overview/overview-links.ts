import { namespaceParam } from '../app/use-namespace.ts';

/**
 * A console path with its search parameters, keeping the chosen namespace (`?ns=`) first so the
 * page opens on the same namespace; empty parameters are left out.
 */
export function listHref(
  path: string,
  namespace: string | undefined,
  params: Readonly<Record<string, string>> = {},
): string {
  const search = new URLSearchParams();
  if (namespace !== undefined) search.set(namespaceParam, namespace);
  for (const [name, value] of Object.entries(params)) if (value !== '') search.set(name, value);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
