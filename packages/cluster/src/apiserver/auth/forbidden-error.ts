import { qualifiedResource, statusErrors, type StatusError } from '../status-error.ts';
import type { RequestAttributes } from './request-attributes.ts';
import type { UserInfo } from './user-info.ts';

function sanitize(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `User "alice" cannot list resource "pods" in API group "" in the namespace "default"`, as upstream words it. */
export function forbiddenMessage(user: UserInfo, attrs: RequestAttributes): string {
  const who = `User ${JSON.stringify(user.name)} cannot ${attrs.verb}`;
  if (attrs.type === 'nonResource') return `${who} path ${JSON.stringify(attrs.path)}`;
  const resource =
    attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  const what = `${who} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.group)}`;
  return attrs.namespace === ''
    ? `${what} at the cluster scope`
    : `${what} in the namespace ${JSON.stringify(attrs.namespace)}`;
}

/**
 * The 403 kube-apiserver answers when authorization denies a request: `pods is forbidden: …`,
 * `pods "web" is forbidden: …`, or `forbidden: …` for paths, with details {kind, group, name}.
 */
export function forbiddenError(user: UserInfo, attrs: RequestAttributes, reason = ''): StatusError {
  const detail = sanitize(forbiddenMessage(user, attrs)) + (reason === '' ? '' : `: ${reason}`);
  if (attrs.type === 'nonResource') return statusErrors.forbidden(`forbidden: ${detail}`);
  const qualified = qualifiedResource(attrs.resource, attrs.group);
  const subject = attrs.name === '' ? qualified : `${qualified} ${JSON.stringify(attrs.name)}`;
  return statusErrors.forbidden(`${subject} is forbidden: ${detail}`, {
    kind: attrs.resource,
    group: attrs.group,
    ...(attrs.name === '' ? {} : { name: attrs.name }),
  });
}
