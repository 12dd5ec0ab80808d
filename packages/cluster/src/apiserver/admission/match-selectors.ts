import { isJsonObject, type Json } from '../json.ts';
import { objectKey } from '../registry/resource-definition.ts';
import { matchesLabels, type LabelSelector } from '../selectors/index.ts';
import { statusErrors } from '../status-error.ts';
import type { Store } from '../storage/index.ts';
import type { AdmissionRequest } from './admission-request.ts';

function labelsOf(object: Json | undefined): Record<string, string> | undefined {
  if (!isJsonObject(object)) return undefined;
  const metadata = object['metadata'];
  if (!isJsonObject(metadata)) return undefined;
  const labels = metadata['labels'];
  const result: Record<string, string> = {};
  if (isJsonObject(labels)) {
    for (const [key, value] of Object.entries(labels))
      if (typeof value === 'string') result[key] = value;
  }
  return result;
}

function isEmptySelector(selector: LabelSelector): boolean {
  return !selector.matchesNothing && selector.requirements.length === 0;
}

/** objectSelector: an empty selector matches; otherwise the new or the old object must match. */
export function matchesObjectSelector(selector: LabelSelector, request: AdmissionRequest): boolean {
  if (isEmptySelector(selector)) return true;
  return [request.object, request.oldObject].some((object) => {
    const labels = labelsOf(object);
    return labels !== undefined && matchesLabels(selector, labels);
  });
}

function isNamespaceRequest(request: AdmissionRequest): boolean {
  return request.group === '' && request.resource === 'namespaces';
}

/** The namespace a request is in; for a namespace itself, its own name. */
function namespaceOf(request: AdmissionRequest): string {
  if (request.namespace === '' && isNamespaceRequest(request)) return request.name;
  return request.namespace;
}

/**
 * The labels namespaceSelector is matched against: a namespace being created or updated uses
 * the request's object; everything else reads the namespace from the store (404 when missing).
 */
function namespaceLabels(store: Store, request: AdmissionRequest): Record<string, string> {
  const ownObject =
    isNamespaceRequest(request) &&
    (request.subresource ?? '') === '' &&
    (request.operation === 'CREATE' || request.operation === 'UPDATE');
  if (ownObject) return labelsOf(request.object) ?? {};
  const name = namespaceOf(request);
  const namespace = store.get(objectKey({ group: '', plural: 'namespaces' }, '', name));
  if (namespace === undefined) throw statusErrors.notFound('namespaces', name);
  return labelsOf(namespace) ?? {};
}

/**
 * namespaceSelector, as upstream's namespace.Matcher: requests for cluster-scoped resources other
 * than namespaces always match; an empty selector matches; otherwise the namespace's labels must.
 * Throws the 404 of a missing namespace.
 */
export function matchesNamespaceSelector(
  selector: LabelSelector,
  request: AdmissionRequest,
  store: Store,
): boolean {
  if (namespaceOf(request) === '' && !isNamespaceRequest(request)) return true;
  if (isEmptySelector(selector)) return true;
  return matchesLabels(selector, namespaceLabels(store, request));
}
