export type {
  AdmissionOperation,
  AdmissionRequest,
  AdmissionUser,
  GroupVersionKind,
  Invocation,
} from './admission-request.ts';
export {
  createWebhookAdmission,
  type WebhookAdmission,
  type WebhookAdmissionOptions,
} from './create-webhook-admission.ts';
export type { MutationOutcome } from './dispatch-mutating.ts';
export type { ValidationOutcome } from './dispatch-validating.ts';
export type { EquivalentResources } from './invocation-for.ts';
export type { ResolveService } from './post-admission-review.ts';
export { goNetworkError } from './go-network-error.ts';
