import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { labelSelectorFromSpec, type LabelSelector } from '../selectors/index.ts';
import { StatusError, statusErrors } from '../status-error.ts';

/** One `rules[]` entry of a webhook (RuleWithOperations), with `scope` defaulted to `*`. */
export interface WebhookRule {
  readonly operations: readonly string[];
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  readonly scope: string;
}

/** Where a webhook is reached: a URL or a Service, and the CA bundle (PEM) to verify it. */
export interface WebhookClientConfig {
  readonly url?: string;
  readonly service?: {
    readonly namespace: string;
    readonly name: string;
    readonly path: string;
    readonly port: number;
  };
  readonly caBundle?: string;
}

/** A selector, or the error upstream reports when the webhook's selector does not parse. */
export type ParsedSelector = LabelSelector | StatusError;

/** A mutating or validating webhook with admissionregistration/v1 defaults applied. */
export interface Webhook {
  /** `<configuration>/<webhook>/<index>`, unique across configurations (reinvocation tracking). */
  readonly uid: string;
  readonly configurationName: string;
  readonly name: string;
  readonly clientConfig: WebhookClientConfig;
  readonly rules: readonly WebhookRule[];
  readonly failurePolicy: string;
  readonly matchPolicy: string;
  readonly namespaceSelector: ParsedSelector;
  readonly objectSelector: ParsedSelector;
  /** Absent when the configuration has none (rejected by v1 validation, but stored objects may lack it). */
  readonly sideEffects: string | undefined;
  /** In seconds, 1–30 (default 10). */
  readonly timeoutSeconds: number;
  readonly admissionReviewVersions: readonly string[];
  /** Mutating webhooks only: `Never` (default) or `IfNeeded`. */
  readonly reinvocationPolicy: string;
  /** CEL matchConditions are not evaluated: a webhook that has them is treated as matching. */
  readonly hasMatchConditions: boolean;
}

const defaultTimeoutSeconds = 10;
const maxTimeoutSeconds = 30;

function stringList(value: Json | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function stringOr(value: Json | undefined, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function readRule(raw: Json): WebhookRule | undefined {
  if (!isJsonObject(raw)) return undefined;
  return {
    operations: stringList(raw['operations']),
    apiGroups: stringList(raw['apiGroups']),
    apiVersions: stringList(raw['apiVersions']),
    resources: stringList(raw['resources']),
    scope: stringOr(raw['scope'], '*'),
  };
}

function decodeCaBundle(value: Json | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function readService(raw: Json | undefined): WebhookClientConfig['service'] {
  if (!isJsonObject(raw)) return undefined;
  const port = raw['port'];
  return {
    namespace: stringOr(raw['namespace'], ''),
    name: stringOr(raw['name'], ''),
    path: stringOr(raw['path'], '/'),
    port: typeof port === 'number' ? port : 443,
  };
}

function readClientConfig(raw: Json | undefined): WebhookClientConfig {
  const config = isJsonObject(raw) ? raw : {};
  const url = config['url'];
  const service = readService(config['service']);
  const caBundle = decodeCaBundle(config['caBundle']);
  return {
    ...(typeof url === 'string' && url !== '' ? { url } : {}),
    ...(service === undefined ? {} : { service }),
    ...(caBundle === undefined ? {} : { caBundle }),
  };
}

/** Parses a selector as upstream's `GetParsedNamespaceSelector` does; a bad one is an internal error. */
function readSelector(raw: Json | undefined): ParsedSelector {
  try {
    return labelSelectorFromSpec(raw ?? {});
  } catch (error) {
    if (error instanceof StatusError) return statusErrors.internal(error.message);
    throw error;
  }
}

function readTimeout(raw: Json | undefined): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return defaultTimeoutSeconds;
  return Math.min(Math.max(Math.trunc(raw), 1), maxTimeoutSeconds);
}

function readWebhook(configurationName: string, raw: JsonObject, index: number): Webhook {
  const name = stringOr(raw['name'], '');
  const sideEffects = raw['sideEffects'];
  const matchConditions = raw['matchConditions'];
  return {
    uid: `${configurationName}/${name}/${index}`,
    configurationName,
    name,
    clientConfig: readClientConfig(raw['clientConfig']),
    rules: (Array.isArray(raw['rules']) ? raw['rules'] : [])
      .map(readRule)
      .filter((rule) => rule !== undefined),
    failurePolicy: stringOr(raw['failurePolicy'], 'Fail'),
    matchPolicy: stringOr(raw['matchPolicy'], 'Equivalent'),
    namespaceSelector: readSelector(raw['namespaceSelector']),
    objectSelector: readSelector(raw['objectSelector']),
    sideEffects: typeof sideEffects === 'string' ? sideEffects : undefined,
    timeoutSeconds: readTimeout(raw['timeoutSeconds']),
    admissionReviewVersions: stringList(raw['admissionReviewVersions']),
    reinvocationPolicy: stringOr(raw['reinvocationPolicy'], 'Never'),
    hasMatchConditions: Array.isArray(matchConditions) && matchConditions.length > 0,
  };
}

/** The webhooks of one Mutating/ValidatingWebhookConfiguration, in order, with v1 defaults. */
export function readWebhookConfiguration(configuration: KubeObject): Webhook[] {
  const name = configuration.metadata['name'];
  const configurationName = typeof name === 'string' ? name : '';
  const webhooks = configuration['webhooks'];
  if (!Array.isArray(webhooks)) return [];
  return webhooks.flatMap((raw, index) =>
    isJsonObject(raw) ? [readWebhook(configurationName, raw, index)] : [],
  );
}
