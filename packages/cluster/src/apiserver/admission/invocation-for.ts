import { StatusError } from '../status-error.ts';
import type { Store } from '../storage/index.ts';
import type { AdmissionRequest, Invocation } from './admission-request.ts';
import { matchesNamespaceSelector, matchesObjectSelector } from './match-selectors.ts';
import { ruleMatches, type RuleAttributes } from './match-rules.ts';
import type { ParsedSelector, Webhook } from './webhook-config.ts';

/**
 * The other group-versions serving the same objects as a resource (for matchPolicy Equivalent):
 * e.g. every served version of a CRD. Each entry names the resource and its kind in that version.
 */
export type EquivalentResources = (request: {
  group: string;
  version: string;
  resource: string;
  subresource: string;
}) => readonly Invocation[];

type Outcome = { matches: boolean; error?: StatusError };

function selectorOutcome(
  selector: ParsedSelector,
  test: (selector: Exclude<ParsedSelector, StatusError>) => boolean,
): Outcome {
  if (selector instanceof StatusError) return { matches: false, error: selector };
  try {
    return { matches: test(selector) };
  } catch (error) {
    if (error instanceof StatusError) return { matches: false, error };
    throw error;
  }
}

function attributes(request: AdmissionRequest, resource: Invocation): RuleAttributes {
  return {
    operation: request.operation,
    group: resource.group,
    version: resource.version,
    resource: resource.resource,
    subresource: request.subresource ?? '',
    namespace: request.namespace,
  };
}

function matchingInvocation(
  webhook: Webhook,
  request: AdmissionRequest,
  equivalentResources: EquivalentResources | undefined,
): Invocation | undefined {
  const own: Invocation = {
    group: request.group,
    version: request.version,
    resource: request.resource,
    kind: request.kind,
  };
  if (webhook.rules.some((rule) => ruleMatches(rule, attributes(request, own)))) return own;
  if (webhook.matchPolicy !== 'Equivalent' || equivalentResources === undefined) return undefined;
  const equivalents = equivalentResources({
    group: request.group,
    version: request.version,
    resource: request.resource,
    subresource: request.subresource ?? '',
  }).filter(
    (eq) => !(eq.group === own.group && eq.version === own.version && eq.resource === own.resource),
  );
  for (const rule of webhook.rules) {
    const found = equivalents.find((eq) => ruleMatches(rule, attributes(request, eq)));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Whether a webhook applies to a request, as upstream's ShouldCallHook: the namespace and object
 * selectors must match, then a rule (or, with matchPolicy Equivalent, a rule on an equivalent
 * resource). Selector errors (a missing namespace: 404) surface only when a rule matched.
 * matchConditions (CEL) are not evaluated: they count as matching.
 */
export function invocationFor(options: {
  webhook: Webhook;
  request: AdmissionRequest;
  store: Store;
  equivalentResources: EquivalentResources | undefined;
}): Invocation | undefined {
  const { webhook, request, store } = options;
  const namespace = selectorOutcome(webhook.namespaceSelector, (s) =>
    matchesNamespaceSelector(s, request, store),
  );
  if (!namespace.matches && namespace.error === undefined) return undefined;
  const object = selectorOutcome(webhook.objectSelector, (s) => matchesObjectSelector(s, request));
  if (!object.matches && object.error === undefined) return undefined;
  const invocation = matchingInvocation(webhook, request, options.equivalentResources);
  if (invocation === undefined) return undefined;
  if (namespace.error !== undefined) throw namespace.error;
  if (object.error !== undefined) throw object.error;
  return invocation;
}
