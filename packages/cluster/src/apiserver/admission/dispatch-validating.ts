import { StatusError, statusErrors } from '../status-error.ts';
import type { AdmissionRequest } from './admission-request.ts';
import { callWebhook } from './call-webhook.ts';
import {
  AdmissionNotes,
  logFailedOpen,
  type Chosen,
  type DispatchContext,
} from './dispatch-context.ts';
import { invocationFor } from './invocation-for.ts';
import type { Webhook } from './webhook-config.ts';
import { callFailedError, deniedError, WebhookCallFailure } from './webhook-errors.ts';

/** What the validating webhooks said when they all allowed the request. */
export interface ValidationOutcome {
  readonly warnings: string[];
  readonly auditAnnotations: Record<string, string>;
}

/** Calls one validating webhook; resolves with the error that rejects the request, if any. */
async function rejectionFrom(
  ctx: DispatchContext,
  notes: AdmissionNotes,
  request: AdmissionRequest,
  chosen: Chosen,
): Promise<StatusError | undefined> {
  const { webhook, invocation } = chosen;
  try {
    const response = await callWebhook({
      webhook,
      request,
      invocation,
      mutating: false,
      resolveService: ctx.resolveService,
    });
    notes.add(webhook, response);
    return response.allowed ? undefined : deniedError(webhook.name, response.status);
  } catch (error) {
    if (error instanceof StatusError) return error;
    if (!(error instanceof WebhookCallFailure))
      return statusErrors.internal(error instanceof Error ? error.message : String(error));
    if (webhook.failurePolicy !== 'Ignore') return callFailedError(webhook.name, error);
    logFailedOpen(ctx.logger, webhook, request, error);
    return undefined;
  }
}

/**
 * Calls every matching validating webhook in parallel, as upstream does. Any denial or failure
 * (failurePolicy Fail) rejects the request: the first one to arrive is thrown as a StatusError.
 */
export async function dispatchValidating(options: {
  ctx: DispatchContext;
  webhooks: readonly Webhook[];
  request: AdmissionRequest;
}): Promise<ValidationOutcome> {
  const { ctx, webhooks, request } = options;
  const chosen: Chosen[] = [];
  for (const webhook of webhooks) {
    const { store, equivalentResources } = ctx;
    const invocation = invocationFor({ webhook, request, store, equivalentResources });
    if (invocation !== undefined) chosen.push({ webhook, invocation });
  }
  const notes = new AdmissionNotes();
  const errors: StatusError[] = [];
  await Promise.all(
    chosen.map(async (one) => {
      const error = await rejectionFrom(ctx, notes, request, one);
      if (error !== undefined) errors.push(error);
    }),
  );
  const first = errors[0];
  if (first !== undefined) throw first;
  return { warnings: notes.warnings, auditAnnotations: notes.auditAnnotations };
}
