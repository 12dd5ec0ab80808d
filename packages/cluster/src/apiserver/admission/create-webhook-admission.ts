import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../json.ts';
import type { Store } from '../storage/index.ts';
import type { AdmissionRequest } from './admission-request.ts';
import { dispatchMutating, type MutationOutcome } from './dispatch-mutating.ts';
import { dispatchValidating, type ValidationOutcome } from './dispatch-validating.ts';
import type { EquivalentResources } from './invocation-for.ts';
import { isExemptFromWebhooks } from './match-rules.ts';
import type { ResolveService } from './post-admission-review.ts';
import { watchWebhookConfigurations } from './webhook-source.ts';

/** Options of {@link createWebhookAdmission}. */
export interface WebhookAdmissionOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** Routes a webhook's `clientConfig.service` to an address (the embedded cluster: a pod IP). */
  readonly resolveService: ResolveService;
  /** For matchPolicy Equivalent: the other versions serving a resource (default: none). */
  readonly equivalentResources?: EquivalentResources;
}

/** Mutating and validating admission webhooks, configured from the store. */
export interface WebhookAdmission {
  /** Runs the mutating webhooks; resolves with the (possibly patched) object. Throws StatusError. */
  mutate<T extends JsonObject>(request: AdmissionRequest<T>): Promise<MutationOutcome<T>>;
  /** Runs the validating webhooks; resolves when all allow. Throws StatusError. */
  validate(request: AdmissionRequest): Promise<ValidationOutcome>;
  /** Stops following the configurations. */
  close(): void;
}

const mutatingPrefix = '/admissionregistration.k8s.io/mutatingwebhookconfigurations/';
const validatingPrefix = '/admissionregistration.k8s.io/validatingwebhookconfigurations/';

/**
 * Admission webhooks as kube-apiserver's MutatingAdmissionWebhook and ValidatingAdmissionWebhook
 * plugins: admissionregistration.k8s.io/v1 configurations read from the store (and followed by
 * watch), AdmissionReview v1 (or v1beta1) over HTTPS. Call `mutate` after defaulting and before
 * validation, `validate` after validation, both before the write. Admission configuration
 * objects themselves are never sent to webhooks.
 */
export function createWebhookAdmission(options: WebhookAdmissionOptions): WebhookAdmission {
  const logger = options.logger.child({ component: 'webhook-admission' });
  const mutating = watchWebhookConfigurations(options.store, mutatingPrefix, logger);
  const validating = watchWebhookConfigurations(options.store, validatingPrefix, logger);
  const ctx = {
    store: options.store,
    logger,
    resolveService: options.resolveService,
    equivalentResources: options.equivalentResources,
  };
  return {
    async mutate(request) {
      if (isExemptFromWebhooks(request.group, request.resource))
        return { object: request.object, warnings: [], auditAnnotations: {} };
      return dispatchMutating({ ctx, webhooks: mutating.webhooks(), request });
    },
    async validate(request) {
      if (isExemptFromWebhooks(request.group, request.resource))
        return { warnings: [], auditAnnotations: {} };
      return dispatchValidating({ ctx, webhooks: validating.webhooks(), request });
    },
    close() {
      mutating.close();
      validating.close();
    },
  };
}
