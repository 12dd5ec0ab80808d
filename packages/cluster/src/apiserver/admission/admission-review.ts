import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { AdmissionRequest, Invocation } from './admission-request.ts';
import { WebhookCallFailure } from './webhook-errors.ts';

/** The AdmissionReview versions this server speaks, in preference order. */
export type ReviewVersion = 'v1' | 'v1beta1';

/** The first version in the webhook's `admissionReviewVersions` that this server speaks. */
export function chooseReviewVersion(accepted: readonly string[]): ReviewVersion | undefined {
  for (const version of accepted) if (version === 'v1' || version === 'v1beta1') return version;
  return undefined;
}

const optionKinds: Readonly<Record<string, string>> = {
  CREATE: 'CreateOptions',
  UPDATE: 'UpdateOptions',
  DELETE: 'DeleteOptions',
};

function operationOptions(request: AdmissionRequest): Json {
  const kind = optionKinds[request.operation];
  if (kind === undefined) return request.options ?? null;
  return { apiVersion: 'meta.k8s.io/v1', kind, ...request.options };
}

function userInfo(request: AdmissionRequest): JsonObject {
  const { user } = request;
  const info: JsonObject = { username: user.name, groups: [...user.groups] };
  if (user.uid !== undefined && user.uid !== '') info['uid'] = user.uid;
  if (user.extra !== undefined && Object.keys(user.extra).length > 0) {
    info['extra'] = Object.fromEntries(
      Object.entries(user.extra).map(([key, values]) => [key, [...values]]),
    );
  }
  return info;
}

/** Sets the apiVersion an object is sent in when an equivalent version was matched. */
export function withApiVersion(object: JsonObject | undefined, apiVersion: string): Json {
  if (object === undefined) return null;
  return typeof object['apiVersion'] === 'string' ? { ...object, apiVersion } : object;
}

function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Builds the AdmissionReview sent to a webhook (request.kind/resource are the invocation's). */
export function buildAdmissionReview(options: {
  uid: string;
  version: ReviewVersion;
  request: AdmissionRequest;
  invocation: Invocation;
}): JsonObject {
  const { uid, version, request, invocation } = options;
  const sendVersion = apiVersionOf(invocation.kind.group, invocation.kind.version);
  const converted = invocation.version !== request.version;
  const body: JsonObject = {
    uid,
    kind: { ...invocation.kind },
    resource: {
      group: invocation.group,
      version: invocation.version,
      resource: invocation.resource,
    },
    requestKind: { ...request.kind },
    requestResource: { group: request.group, version: request.version, resource: request.resource },
    name: request.name,
    namespace: request.namespace,
    operation: request.operation,
    userInfo: userInfo(request),
    object: converted ? withApiVersion(request.object, sendVersion) : (request.object ?? null),
    oldObject: converted
      ? withApiVersion(request.oldObject, sendVersion)
      : (request.oldObject ?? null),
    dryRun: request.dryRun,
    options: operationOptions(request),
  };
  const subresource = request.subresource ?? '';
  if (subresource !== '') {
    body['subResource'] = subresource;
    body['requestSubResource'] = subresource;
  }
  if (body['name'] === '') delete body['name'];
  if (body['namespace'] === '') delete body['namespace'];
  return { apiVersion: `admission.k8s.io/${version}`, kind: 'AdmissionReview', request: body };
}

/** The parts of a webhook's answer the dispatchers use. */
export interface AdmissionResponse {
  readonly allowed: boolean;
  /** The decoded JSONPatch document (mutating webhooks only). */
  readonly patch: Json | undefined;
  readonly status: JsonObject | undefined;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

function invalid(message: string): WebhookCallFailure {
  return new WebhookCallFailure(`received invalid webhook response: ${message}`);
}

function checkEnvelope(review: JsonObject, uid: string, version: ReviewVersion): JsonObject {
  const response = review['response'];
  if (!isJsonObject(response)) throw invalid('webhook response was absent');
  if (version === 'v1beta1') return response;
  const responseUid = typeof response['uid'] === 'string' ? response['uid'] : '';
  if (responseUid !== uid)
    throw invalid(
      `expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(responseUid)}`,
    );
  const apiVersion = typeof review['apiVersion'] === 'string' ? review['apiVersion'] : '';
  const kind = typeof review['kind'] === 'string' ? review['kind'] : '';
  if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview') {
    const [group = '', ver = ''] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    throw invalid(
      `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${group}/${ver}, Kind=${kind}`,
    );
  }
  return response;
}

function decodePatch(encoded: string): Json {
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new WebhookCallFailure(`received undecodable patch in webhook response: ${detail}`);
  }
}

function checkNoPatch(response: JsonObject): void {
  if (typeof response['patch'] === 'string' && response['patch'] !== '')
    throw invalid('validating webhook may not return response.patch');
  if (response['patchType'] !== undefined && response['patchType'] !== null)
    throw invalid('validating webhook may not return response.patchType');
}

function checkPatchPair(patch: string, hasType: boolean): void {
  if (patch !== '' && !hasType)
    throw invalid('webhook returned response.patch but not response.patchType');
  if (patch === '' && hasType)
    throw invalid('webhook returned response.patchType but not response.patch');
}

function readPatch(
  response: JsonObject,
  version: ReviewVersion,
  mutating: boolean,
): Json | undefined {
  if (!mutating) {
    checkNoPatch(response);
    return undefined;
  }
  const patch = typeof response['patch'] === 'string' ? response['patch'] : '';
  const patchType = response['patchType'];
  if (version === 'v1') checkPatchPair(patch, patchType !== undefined && patchType !== null);
  if (patch === '') return undefined;
  if (version === 'v1' && patchType !== 'JSONPatch')
    throw new WebhookCallFailure(`unsupported patch type ${JSON.stringify(patchType)}`);
  return decodePatch(patch);
}

function stringRecord(value: Json | undefined): Record<string, string> {
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * Checks a webhook's AdmissionReview answer as upstream's VerifyAdmissionResponse does (v1: the
 * uid must match and apiVersion/kind must be admission.k8s.io/v1 AdmissionReview; patch and
 * patchType come together, JSONPatch only; validating webhooks may not patch). Throws a
 * WebhookCallFailure, which the webhook's failurePolicy decides on.
 */
export function verifyAdmissionResponse(options: {
  body: Json;
  uid: string;
  version: ReviewVersion;
  mutating: boolean;
}): AdmissionResponse {
  const { body, uid, version, mutating } = options;
  if (!isJsonObject(body)) throw invalid('the response body is not a JSON object');
  const response = checkEnvelope(body, uid, version);
  const status = response['status'];
  const warnings = response['warnings'];
  return {
    allowed: response['allowed'] === true,
    patch: readPatch(response, version, mutating),
    status: isJsonObject(status) ? status : undefined,
    warnings: Array.isArray(warnings)
      ? warnings.filter((w): w is string => typeof w === 'string')
      : [],
    auditAnnotations: stringRecord(response['auditAnnotations']),
  };
}
