import type { WatchSubscribe } from './watch-protocol.ts';

/** What one upstream list+watch asks the API server for (a subscription with `name` folded in). */
export interface WatchQuery {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace: string | undefined;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
}

/** Escapes a field selector value as apimachinery's `fields.EscapeValue` does. */
function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

function fieldSelectorOf(subscription: WatchSubscribe): string | undefined {
  const parts = [
    ...(subscription.name === undefined
      ? []
      : [`metadata.name=${escapeFieldValue(subscription.name)}`]),
    ...(subscription.fieldSelector === undefined || subscription.fieldSelector === ''
      ? []
      : [subscription.fieldSelector]),
  ];
  return parts.length === 0 ? undefined : parts.join(',');
}

/** The upstream query of a subscription: `name` becomes `metadata.name=<name>` in the field selector. */
export function watchQueryOf(subscription: WatchSubscribe): WatchQuery {
  return {
    group: subscription.group,
    version: subscription.version,
    resource: subscription.resource,
    namespace: subscription.namespace,
    labelSelector: subscription.labelSelector === '' ? undefined : subscription.labelSelector,
    fieldSelector: fieldSelectorOf(subscription),
  };
}

/** A key equal for equal queries (used with the credential key to share upstream watches). */
export function watchQueryKey(query: WatchQuery): string {
  return JSON.stringify([
    query.group,
    query.version,
    query.resource,
    query.namespace ?? '',
    query.labelSelector ?? '',
    query.fieldSelector ?? '',
  ]);
}

/** The collection path of `query` with `params` (and its selectors) in the query string. */
export function watchQueryPath(
  query: WatchQuery,
  params: Readonly<Record<string, string>>,
): string {
  const root =
    query.group === '' ? `/api/${query.version}` : `/apis/${query.group}/${query.version}`;
  const scope = query.namespace === undefined ? '' : `/namespaces/${query.namespace}`;
  const search = new URLSearchParams(params);
  if (query.labelSelector !== undefined) search.set('labelSelector', query.labelSelector);
  if (query.fieldSelector !== undefined) search.set('fieldSelector', query.fieldSelector);
  return `${root}${scope}/${query.resource}?${search.toString()}`;
}
