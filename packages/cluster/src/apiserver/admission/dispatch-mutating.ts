import type { Json, JsonObject } from '../json.ts';
import { applyJsonPatch, deepEqualJson, PatchError } from '../patch/index.ts';
import { statusErrors } from '../status-error.ts';
import type { AdmissionRequest, Invocation } from './admission-request.ts';
import { withApiVersion } from './admission-review.ts';
import { callWebhook } from './call-webhook.ts';
import { AdmissionNotes, logFailedOpen, type DispatchContext } from './dispatch-context.ts';
import { invocationFor } from './invocation-for.ts';
import type { Webhook } from './webhook-config.ts';
import { callFailedError, deniedError, WebhookCallFailure } from './webhook-errors.ts';

/** The object after every mutating webhook, and what the webhooks said. */
export interface MutationOutcome<T extends JsonObject> {
  readonly object: T | undefined;
  readonly warnings: string[];
  readonly auditAnnotations: Record<string, string>;
}

/** Reinvocation bookkeeping, as upstream's webhookReinvokeContext. */
interface Rounds {
  /** IfNeeded webhooks called since the object last changed. */
  readonly invokedSinceChange: Set<string>;
  /** Webhooks to call again in the second round. */
  readonly reinvoke: Set<string>;
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Applies a webhook's JSONPatch to the object as it was sent; undefined when nothing changes. */
function patched<T extends JsonObject>(
  webhook: Webhook,
  request: AdmissionRequest<T>,
  invocation: Invocation,
  patch: Json,
): T | undefined {
  if (Array.isArray(patch) && patch.length === 0) return undefined;
  const object = request.object;
  if (object === undefined) {
    throw statusErrors.internal(
      `admission webhook ${JSON.stringify(webhook.name)} attempted to modify the object, which is not supported for this operation`,
    );
  }
  const converted = invocation.version !== request.version || invocation.group !== request.group;
  const sent = converted
    ? withApiVersion(object, apiVersionOf(invocation.kind.group, invocation.kind.version))
    : object;
  let result: Json;
  try {
    result = applyJsonPatch(sent, patch);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (error.malformed)
      throw new WebhookCallFailure(
        `received undecodable patch in webhook response: ${error.message}`,
      );
    throw statusErrors.internal(error.message);
  }
  const back = converted
    ? withApiVersion(result as JsonObject, apiVersionOf(request.group, request.version))
    : result;
  return deepEqualJson(back, object) ? undefined : (back as T);
}

async function callOne<T extends JsonObject>(
  ctx: DispatchContext,
  notes: AdmissionNotes,
  request: AdmissionRequest<T>,
  chosen: { webhook: Webhook; invocation: Invocation },
): Promise<T | undefined> {
  const { webhook, invocation } = chosen;
  try {
    const response = await callWebhook({
      webhook,
      request,
      invocation,
      mutating: true,
      resolveService: ctx.resolveService,
    });
    notes.add(webhook, response);
    if (!response.allowed) throw deniedError(webhook.name, response.status);
    return response.patch === undefined
      ? undefined
      : patched(webhook, request, invocation, response.patch);
  } catch (error) {
    if (!(error instanceof WebhookCallFailure)) throw error;
    if (webhook.failurePolicy === 'Ignore') {
      logFailedOpen(ctx.logger, webhook, request, error);
      return undefined;
    }
    throw callFailedError(webhook.name, error);
  }
}

async function runRound<T extends JsonObject>(options: {
  ctx: DispatchContext;
  notes: AdmissionNotes;
  webhooks: readonly Webhook[];
  rounds: Rounds;
  start: AdmissionRequest<T>;
}): Promise<AdmissionRequest<T>> {
  const { ctx, notes, webhooks, rounds } = options;
  let request = options.start;
  for (const webhook of webhooks) {
    const { store, equivalentResources } = ctx;
    const invocation = invocationFor({ webhook, request, store, equivalentResources });
    if (invocation === undefined) continue;
    const changed = await callOne(ctx, notes, request, { webhook, invocation });
    if (changed !== undefined) {
      request = { ...request, object: changed };
      for (const uid of rounds.invokedSinceChange) rounds.reinvoke.add(uid);
      rounds.invokedSinceChange.clear();
    }
    if (webhook.reinvocationPolicy === 'IfNeeded') rounds.invokedSinceChange.add(webhook.uid);
  }
  return request;
}

/**
 * Runs the mutating webhooks in order (configurations by name), each on the object as the
 * previous ones left it. A webhook with reinvocationPolicy IfNeeded is called once more, after
 * the first round, when a later webhook changed the object. The first denial or failure
 * (failurePolicy Fail) is thrown as a StatusError.
 */
export async function dispatchMutating<T extends JsonObject>(options: {
  ctx: DispatchContext;
  webhooks: readonly Webhook[];
  request: AdmissionRequest<T>;
}): Promise<MutationOutcome<T>> {
  const { ctx, webhooks } = options;
  const notes = new AdmissionNotes();
  const rounds: Rounds = { invokedSinceChange: new Set(), reinvoke: new Set() };
  let request = await runRound({ ctx, notes, webhooks, rounds, start: options.request });
  if (rounds.reinvoke.size > 0) {
    const again = webhooks.filter((webhook) => rounds.reinvoke.has(webhook.uid));
    const second: Rounds = { invokedSinceChange: new Set(), reinvoke: new Set() };
    request = await runRound({ ctx, notes, webhooks: again, rounds: second, start: request });
  }
  return {
    object: request.object,
    warnings: notes.warnings,
    auditAnnotations: notes.auditAnnotations,
  };
}
