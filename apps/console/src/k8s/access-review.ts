import { useEffect, useState } from 'react';
import { k8sCreate } from './k8s-fetch.ts';

/** What the user wants to do, as a SelfSubjectAccessReview's `resourceAttributes`. */
export interface AccessAttributes {
  /** `''` for the core API. */
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string | undefined;
  readonly verb: string;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
}

/** The API server's verdict; `reason` says why (when it says). */
export interface AccessResult {
  readonly allowed: boolean;
  readonly reason?: string;
}

interface AccessReview {
  readonly status?: {
    readonly allowed?: boolean;
    readonly denied?: boolean;
    readonly reason?: string;
  };
}

const cacheTtlMs = 30_000;
const cache = new Map<string, { readonly at: number; readonly result: Promise<AccessResult> }>();

function keyOf(attributes: AccessAttributes): string {
  return JSON.stringify([
    attributes.group,
    attributes.resource,
    attributes.subresource ?? '',
    attributes.verb,
    attributes.namespace ?? '',
    attributes.name ?? '',
  ]);
}

function resourceAttributes(attributes: AccessAttributes): Record<string, string> {
  const entries = Object.entries(attributes).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  return { ...Object.fromEntries(entries), group: attributes.group };
}

async function review(attributes: AccessAttributes): Promise<AccessResult> {
  const answer = await k8sCreate<AccessReview & Record<string, unknown>>(
    { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' },
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: resourceAttributes(attributes) },
    },
  );
  const reason = answer.status?.reason;
  return {
    allowed: answer.status?.allowed === true && answer.status.denied !== true,
    ...(reason === undefined || reason === '' ? {} : { reason }),
  };
}

/**
 * Asks the API server (a SelfSubjectAccessReview through the BFF) whether the signed-in user may
 * do `attributes`. Answers are cached per attributes for 30 s; a failed review is not cached and
 * rejects with a {@link KubeError}.
 */
export function checkAccess(attributes: AccessAttributes): Promise<AccessResult> {
  const key = keyOf(attributes);
  const now = Date.now();
  const cached = cache.get(key);
  if (cached !== undefined && now - cached.at < cacheTtlMs) return cached.result;
  const result = review(attributes);
  cache.set(key, { at: now, result });
  result.catch(() => {
    if (cache.get(key)?.result === result) cache.delete(key);
  });
  return result;
}

/** Forgets every cached answer (after sign-in as someone else, or a role change). */
export function clearAccessCache(): void {
  cache.clear();
}

interface AccessState {
  readonly key: string;
  readonly allowed: boolean;
  readonly reason: string | undefined;
}

/**
 * `[allowed, loading, reason]` for `attributes` (see {@link checkAccess}): `false, true` while
 * asking; when the review itself fails, not allowed with the error's message as the reason.
 */
export function useAccess(
  attributes: AccessAttributes,
): [allowed: boolean, loading: boolean, reason: string | undefined] {
  const key = keyOf(attributes);
  const [state, setState] = useState<AccessState | undefined>(undefined);
  useEffect(() => {
    let active = true;
    const [group = '', resource = '', subresource, verb = '', namespace, name] = JSON.parse(
      key,
    ) as string[];
    checkAccess({ group, resource, subresource, verb, namespace, name }).then(
      (result) => {
        if (active) setState({ key, allowed: result.allowed, reason: result.reason });
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        if (active) setState({ key, allowed: false, reason });
      },
    );
    return () => {
      active = false;
    };
  }, [key]);
  if (state?.key !== key) return [false, true, undefined];
  return [state.allowed, false, state.reason];
}
