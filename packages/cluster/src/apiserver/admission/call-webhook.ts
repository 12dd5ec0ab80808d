import { randomUUID } from 'node:crypto';
import type { AdmissionRequest, Invocation } from './admission-request.ts';
import {
  buildAdmissionReview,
  chooseReviewVersion,
  verifyAdmissionResponse,
  type AdmissionResponse,
} from './admission-review.ts';
import { postAdmissionReview, type ResolveService } from './post-admission-review.ts';
import type { Webhook } from './webhook-config.ts';
import { dryRunUnsupportedError, WebhookCallFailure } from './webhook-errors.ts';

/**
 * Calls one webhook for a request and checks its answer. A dry-run request never reaches a
 * webhook with side effects: it is refused (400), as upstream does. Throws WebhookCallFailure
 * (subject to failurePolicy) or a StatusError; a denial is returned (`allowed: false`).
 */
export async function callWebhook(options: {
  webhook: Webhook;
  request: AdmissionRequest;
  invocation: Invocation;
  mutating: boolean;
  resolveService: ResolveService;
}): Promise<AdmissionResponse> {
  const { webhook, request, invocation, mutating, resolveService } = options;
  if (request.dryRun) {
    if (webhook.sideEffects === undefined)
      throw new WebhookCallFailure('Webhook SideEffects is nil');
    if (webhook.sideEffects !== 'None' && webhook.sideEffects !== 'NoneOnDryRun')
      throw dryRunUnsupportedError(webhook.name);
  }
  const version = chooseReviewVersion(webhook.admissionReviewVersions);
  if (version === undefined) {
    throw new WebhookCallFailure(
      'could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)',
    );
  }
  const uid = randomUUID();
  const review = buildAdmissionReview({ uid, version, request, invocation });
  const body = await postAdmissionReview({
    clientConfig: webhook.clientConfig,
    timeoutSeconds: webhook.timeoutSeconds,
    review,
    resolveService,
  });
  return verifyAdmissionResponse({ body, uid, version, mutating });
}
