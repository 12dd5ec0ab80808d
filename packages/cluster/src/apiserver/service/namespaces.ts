import type { KubeObject } from '../json.ts';
import { isDeleting } from '../objects/lifecycle.ts';
import { statusErrors } from '../status-error.ts';
import type { ServiceContext } from './service-context.ts';

/** The storage key of a namespace object. */
export function namespaceKey(name: string): string {
  return `/core/namespaces//${name}`;
}

/** Checks that new content may be created in a namespace: it exists and is not terminating. */
export function ensureNamespaceAcceptsContent(ctx: ServiceContext, namespace: string): void {
  const ns: KubeObject | undefined = ctx.store.get(namespaceKey(namespace));
  if (ns === undefined) throw statusErrors.notFound('namespaces', namespace);
  if (isDeleting(ns)) {
    throw statusErrors.forbidden(
      `unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name: namespace,
        kind: 'namespaces',
      },
    );
  }
}
