import type { JsonObject, KubeObject } from '../json.ts';
import { metaString } from '../objects/lifecycle.ts';
import { resourcePrefix, type ResourceDefinition } from '../registry/resource-definition.ts';
import { deleteObject, deleteOptions, type DeleteOptions } from '../service/delete-object.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { getStored, updateObject } from '../service/update-object.ts';
import { statusErrors } from '../status-error.ts';
import type { UserInfo } from '../user-info.ts';
import { decideDisruptionBudget } from './disruption-budget.ts';
import type { EvictionBody } from './eviction-body.ts';

/** One `POST pods/{name}/eviction`. */
export interface EvictionRequest {
  /** The definition of core/v1 pods. */
  readonly podDef: ResourceDefinition;
  readonly namespace: string;
  /** The pod's name, from the URL. */
  readonly name: string;
  readonly eviction: EvictionBody;
  /** The request's query (`dryRun=All`, as on any create). */
  readonly query: URLSearchParams;
  readonly user?: UserInfo | undefined;
  readonly fieldManager: string;
}

const budgets = { group: 'policy', plural: 'poddisruptionbudgets' } as const;

function listIn(ctx: ServiceContext, prefix: string): KubeObject[] {
  return ctx.store.list(prefix).items;
}

/** The Eviction as admission sees it: a KubeObject naming the pod. */
function admittedObject(request: EvictionRequest): KubeObject {
  const metadata: JsonObject = {
    ...(request.eviction.object['metadata'] as JsonObject | undefined),
    name: request.name,
    namespace: request.namespace,
  };
  return { ...request.eviction.object, apiVersion: 'policy/v1', kind: 'Eviction', metadata };
}

/**
 * Admission of `pods/eviction` CREATE (mutating, then validating webhooks such as KubeVirt's
 * virt-launcher-eviction-interceptor). The resource is pods; the kind is the Eviction's.
 */
async function admit(
  ctx: ServiceContext,
  request: EvictionRequest,
  options: DeleteOptions,
): Promise<void> {
  const attributes = {
    operation: 'CREATE' as const,
    def: { ...request.podDef, kind: 'Eviction' },
    subresource: 'eviction',
    namespace: request.namespace,
    name: request.name,
    oldObject: undefined,
    dryRun: options.dryRun,
    user: request.user,
  };
  const mutated = await ctx.admission.mutate({ ...attributes, object: admittedObject(request) });
  await ctx.admission.validate({ ...attributes, object: mutated.object });
}

/** Records the disruption in a budget's status (a disruption controller keeps that status). */
async function recordDisruption(
  ctx: ServiceContext,
  request: EvictionRequest,
  update: { budget: KubeObject; updated: KubeObject },
): Promise<void> {
  const def = ctx.registry.find('policy', 'v1', budgets.plural);
  if (def === undefined) return;
  await updateObject(
    ctx,
    {
      def,
      namespace: request.namespace,
      name: metaString(update.budget, 'name'),
      subresource: 'status',
      options: { dryRun: false, fieldManager: request.fieldManager, fieldValidation: 'Ignore' },
    },
    update.budget,
    update.updated,
  );
}

/**
 * Evicts a pod as kube-apiserver's eviction subresource does: the Eviction must name the pod of
 * the URL (400), passes admission (a webhook may refuse, e.g. 429 while a VM migrates away), the
 * pod must exist (404), its PodDisruptionBudget must allow a disruption (429 otherwise, see
 * {@link decideDisruptionBudget}), then the pod is deleted with the Eviction's deleteOptions.
 * Returns the deleted (or gracefully terminating) pod.
 */
export async function evictPod(ctx: ServiceContext, request: EvictionRequest): Promise<KubeObject> {
  const { namespace, name, eviction, podDef } = request;
  if (eviction.name !== '' && eviction.name !== name) {
    throw statusErrors.badRequest('name in URL does not match name in Eviction object');
  }
  const parsed = deleteOptions(eviction.deleteOptions, request.query);
  const options: DeleteOptions =
    request.user === undefined ? parsed : { ...parsed, user: request.user };
  await admit(ctx, request, options);
  const pod = getStored(ctx, podDef, namespace, name);
  const decision = decideDisruptionBudget({
    pod,
    budgets: listIn(ctx, `${resourcePrefix(budgets)}${namespace}/`),
    pods: listIn(ctx, `${resourcePrefix(podDef)}${namespace}/`),
    now: ctx.now(),
  });
  if (decision.kind === 'allowed' && !options.dryRun) {
    await recordDisruption(ctx, request, decision);
  }
  return deleteObject(ctx, { def: podDef, namespace, name }, options);
}
