import type { JsonPatchOperation } from './json-patch-diff.ts';

/** A JSON object as decoded from a request body. */
export type JsonObject = Record<string, unknown>;

/** The parts of an `admission.k8s.io/v1` AdmissionReview request that virt-api uses. */
export interface AdmissionRequest {
  readonly uid: string;
  /** `CREATE`, `UPDATE`, `DELETE` or `CONNECT`. */
  readonly operation: string;
  /** The plural of the resource, e.g. `virtualmachines` (empty when absent). */
  readonly resource: string;
  /** The subresource (`eviction`, `status`…); absent for the main resource. */
  readonly subresource?: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: JsonObject | undefined;
  readonly oldObject: JsonObject | undefined;
  readonly user: { readonly username: string; readonly groups: readonly string[] };
  readonly dryRun: boolean;
}

/** A webhook's decision, before the envelope (uid, apiVersion, kind) is added. */
export type AdmissionDecision =
  | { readonly allowed: true; readonly patch?: readonly JsonPatchOperation[] }
  | { readonly allowed: false; readonly status: AdmissionStatus };

/** The `response.status` (a metav1.Status) of a denial. */
export interface AdmissionStatus {
  readonly code: number;
  readonly message: string;
  readonly reason?: string;
  readonly details?: {
    readonly causes: readonly {
      readonly reason: string;
      readonly field: string;
      readonly message: string;
    }[];
  };
}

/** A body that is not an `admission.k8s.io/v1` AdmissionReview with a request (answered 400). */
export class AdmissionReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdmissionReviewError';
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalObject(request: JsonObject, key: 'object' | 'oldObject'): JsonObject | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) {
    throw new AdmissionReviewError(`request.${key} must be a JSON object`);
  }
  return value;
}

function userOf(request: JsonObject): AdmissionRequest['user'] {
  const info = isJsonObject(request['userInfo']) ? request['userInfo'] : {};
  const groups = Array.isArray(info['groups']) ? info['groups'] : [];
  return {
    username: text(info['username']),
    groups: groups.filter((group): group is string => typeof group === 'string'),
  };
}

function checkEnvelope(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw new AdmissionReviewError('the body must be a JSON object');
  const apiVersion = text(body['apiVersion']);
  if (apiVersion !== 'admission.k8s.io/v1' || body['kind'] !== 'AdmissionReview') {
    throw new AdmissionReviewError(
      `expected an admission.k8s.io/v1 AdmissionReview, got apiVersion ${JSON.stringify(apiVersion)} kind ${JSON.stringify(text(body['kind']))}`,
    );
  }
  const request = body['request'];
  if (!isJsonObject(request)) throw new AdmissionReviewError('the AdmissionReview has no request');
  if (text(request['uid']) === '') throw new AdmissionReviewError('request.uid is required');
  return request;
}

/**
 * Reads an `admission.k8s.io/v1` AdmissionReview (the parsed JSON body of a webhook call).
 * Throws an {@link AdmissionReviewError} naming the problem when the body is not one.
 */
export function parseAdmissionReview(body: unknown): AdmissionRequest {
  const request = checkEnvelope(body);
  const resource = isJsonObject(request['resource']) ? request['resource'] : {};
  return {
    uid: text(request['uid']),
    operation: text(request['operation']),
    resource: text(resource['resource']),
    ...(text(request['subResource']) === '' ? {} : { subresource: text(request['subResource']) }),
    namespace: text(request['namespace']),
    name: text(request['name']),
    object: optionalObject(request, 'object'),
    oldObject: optionalObject(request, 'oldObject'),
    user: userOf(request),
    dryRun: request['dryRun'] === true,
  };
}

/** The AdmissionReview answering request `uid` with `decision` (a patch is base64 JSONPatch). */
export function admissionReviewResponse(uid: string, decision: AdmissionDecision): JsonObject {
  const response: JsonObject = { uid, allowed: decision.allowed };
  if (decision.allowed && decision.patch !== undefined && decision.patch.length > 0) {
    response['patchType'] = 'JSONPatch';
    response['patch'] = Buffer.from(JSON.stringify(decision.patch)).toString('base64');
  }
  if (!decision.allowed) response['status'] = decision.status;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
