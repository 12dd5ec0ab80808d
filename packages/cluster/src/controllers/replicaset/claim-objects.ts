import type { Json, KubeObject } from '../../apiserver/json.ts';
import { isDeleting, labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { matchesLabels, type LabelSelector } from '../../apiserver/selectors/index.ts';
import { isNotFound } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import { controllerRefOf, newControllerRef, ownerReferencesOf } from './controller-ref.ts';

/** What a controller does with the candidates of its selector (`ControllerRefManager`). */
export interface ClaimPlan {
  /** Already controlled by the owner and still matching. */
  readonly owned: readonly KubeObject[];
  /** Orphans that match: the owner becomes their controller. */
  readonly adopt: readonly KubeObject[];
  /** Controlled by the owner but no longer matching: the owner lets go. */
  readonly release: readonly KubeObject[];
}

/**
 * Sorts candidates as upstream's ClaimObject does: objects controlled by someone else are left
 * alone; the owner's own objects are kept while they match and released when they stop matching
 * (unless the owner is being deleted); matching orphans are adopted unless the owner or the
 * orphan is being deleted.
 */
export function planClaims(
  owner: KubeObject,
  selector: LabelSelector,
  candidates: readonly KubeObject[],
): ClaimPlan {
  const uid = metaString(owner, 'uid');
  const ownerDeleting = isDeleting(owner);
  const owned: KubeObject[] = [];
  const adopt: KubeObject[] = [];
  const release: KubeObject[] = [];
  for (const candidate of candidates) {
    const ref = controllerRefOf(candidate);
    const matches = matchesLabels(selector, labelsOf(candidate));
    if (ref !== undefined) {
      if (ref.uid !== uid) continue;
      if (matches) owned.push(candidate);
      else if (!ownerDeleting) release.push(candidate);
    } else if (matches && !ownerDeleting && !isDeleting(candidate)) {
      adopt.push(candidate);
    }
  }
  return { owned, adopt, release };
}

/** Patches `metadata.ownerReferences`, conditioned on the resourceVersion the decision was made on. */
async function patchOwnerReferences(
  client: ClusterClient,
  target: { ref: ResourceRef; obj: KubeObject; fieldManager: string },
  refs: Json[],
): Promise<KubeObject | undefined> {
  const { ref, obj, fieldManager } = target;
  const body = {
    metadata: {
      resourceVersion: metaString(obj, 'resourceVersion'),
      ownerReferences: refs.length === 0 ? null : refs,
    },
  };
  try {
    return await client.patch(
      ref,
      { namespace: metaString(obj, 'namespace'), name: metaString(obj, 'name') },
      { type: 'merge', body },
      { fieldManager },
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Carries out a claim plan: adopts (adds the owner as controller) and releases (removes the
 * owner's reference), each conditioned on the resourceVersion seen, so a concurrent change is a
 * 409 and a retry. Resolves with the objects the owner controls afterwards.
 */
export async function claimObjects(
  client: ClusterClient,
  options: { ref: ResourceRef; owner: KubeObject; plan: ClaimPlan; fieldManager: string },
): Promise<KubeObject[]> {
  const { ref, owner, plan, fieldManager } = options;
  const uid = metaString(owner, 'uid');
  const owned = [...plan.owned];
  for (const obj of plan.adopt) {
    const refs = [...ownerReferencesOf(obj), newControllerRef(owner)];
    const adopted = await patchOwnerReferences(client, { ref, obj, fieldManager }, refs);
    if (adopted !== undefined) owned.push(adopted);
  }
  for (const obj of plan.release) {
    const refs = ownerReferencesOf(obj).filter((r) => r['uid'] !== uid);
    await patchOwnerReferences(client, { ref, obj, fieldManager }, refs);
  }
  return owned;
}
