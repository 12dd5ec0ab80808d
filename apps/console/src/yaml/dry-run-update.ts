import { k8sRequest, resourcePath, type ObjectLocator } from '../k8s/index.ts';

/**
 * A server-side dry run of replacing an object (PUT `?dryRun=All&fieldValidation=Strict`): the
 * API server decodes, defaults, validates and runs admission (webhooks included) but stores
 * nothing, and refuses unknown or duplicate fields with a 400. Resolves with the object as it
 * would be stored; rejects with the KubeError a real save would get.
 */
export async function dryRunUpdate(
  locator: ObjectLocator,
  body: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const query = new URLSearchParams({ dryRun: 'All', fieldValidation: 'Strict' });
  return k8sRequest({
    method: 'PUT',
    path: `${resourcePath(locator)}?${query.toString()}`,
    body,
    ...(signal === undefined ? {} : { signal }),
  });
}
