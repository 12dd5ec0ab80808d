import type { Logger } from '@podvisor/kube';
import type { Store } from '../storage/index.ts';
import type { AdmissionRequest, Invocation } from './admission-request.ts';
import type { AdmissionResponse } from './admission-review.ts';
import type { EquivalentResources } from './invocation-for.ts';
import type { ResolveService } from './post-admission-review.ts';
import type { Webhook } from './webhook-config.ts';

/** What both dispatchers need besides the webhooks and the request. */
export interface DispatchContext {
  readonly store: Store;
  readonly logger: Logger;
  readonly resolveService: ResolveService;
  readonly equivalentResources: EquivalentResources | undefined;
}

/** Warnings and audit annotations gathered from the webhooks that answered. */
export class AdmissionNotes {
  readonly warnings: string[] = [];
  readonly auditAnnotations: Record<string, string> = {};

  /** Records a webhook's warnings (deduplicated) and its audit annotations as `<webhook>/<key>`. */
  add(webhook: Webhook, response: AdmissionResponse): void {
    for (const warning of response.warnings)
      if (!this.warnings.includes(warning)) this.warnings.push(warning);
    for (const [key, value] of Object.entries(response.auditAnnotations))
      this.auditAnnotations[`${webhook.name}/${key}`] = value;
  }
}

/** A webhook chosen for a request, with the resource it is invoked for. */
export interface Chosen {
  readonly webhook: Webhook;
  readonly invocation: Invocation;
}

/** Logs a webhook call that failed open (failurePolicy Ignore). */
export function logFailedOpen(
  logger: Logger,
  webhook: Webhook,
  request: AdmissionRequest,
  error: Error,
): void {
  logger.warn(
    {
      webhook: webhook.name,
      resource: request.resource,
      operation: request.operation,
      err: error.message,
    },
    'failed calling webhook, failing open',
  );
}
