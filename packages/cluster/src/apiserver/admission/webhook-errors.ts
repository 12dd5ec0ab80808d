import { isJsonObject, type JsonObject } from '../json.ts';
import { StatusError, statusErrors, type StatusCause, type StatusReason } from '../status-error.ts';

/**
 * The webhook could not be called or answered nonsense (upstream's ErrCallingWebhook). Its
 * message is the reason, e.g. `failed to call webhook: Post "https://…": context deadline
 * exceeded`. The webhook's failurePolicy decides: Ignore skips the webhook, Fail rejects with
 * {@link callFailedError}.
 */
export class WebhookCallFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookCallFailure';
  }
}

/** 500 `Internal error occurred: failed calling webhook "x": <reason>` (failurePolicy Fail). */
export function callFailedError(webhookName: string, failure: WebhookCallFailure): StatusError {
  return statusErrors.internal(
    `failed calling webhook ${JSON.stringify(webhookName)}: ${failure.message}`,
  );
}

/** 400 for a dry-run request reaching a webhook whose sideEffects are Unknown or Some. */
export function dryRunUnsupportedError(webhookName: string): StatusError {
  return statusErrors.badRequest(
    `admission webhook ${JSON.stringify(webhookName)} does not support dry run`,
  );
}

function causesOf(status: JsonObject): StatusCause[] {
  const details = status['details'];
  if (!isJsonObject(details) || !Array.isArray(details['causes'])) return [];
  return details['causes'].filter(isJsonObject).map((cause) => ({
    reason: typeof cause['reason'] === 'string' ? cause['reason'] : '',
    message: typeof cause['message'] === 'string' ? cause['message'] : '',
    ...(typeof cause['field'] === 'string' ? { field: cause['field'] } : {}),
  }));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A webhook's denial, as Kubernetes 1.32's ToStatusErr words it: `admission webhook "x" denied
 * the request: <message>` (or `: <reason>`, or ` without explanation`). The webhook's code and
 * reason pass through; a denial without a code answers 500, as the 1.32 API server does.
 */
export function deniedError(webhookName: string, status: JsonObject | undefined): StatusError {
  const result = status ?? {};
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const message = text(result['message']);
  const reason = text(result['reason']);
  const full =
    message !== ''
      ? `${deniedBy}: ${message}`
      : reason !== ''
        ? `${deniedBy}: ${reason}`
        : `${deniedBy} without explanation`;
  const code = typeof result['code'] === 'number' && result['code'] > 0 ? result['code'] : 500;
  const details = isJsonObject(result['details']) ? result['details'] : {};
  // The webhook's reason is passed through verbatim, as upstream does (it may be any string).
  return new StatusError(code, reason as StatusReason, full, {
    causes: causesOf(result),
    target: {
      ...(typeof details['name'] === 'string' ? { name: details['name'] } : {}),
      ...(typeof details['group'] === 'string' ? { group: details['group'] } : {}),
      ...(typeof details['kind'] === 'string' ? { kind: details['kind'] } : {}),
    },
  });
}
