import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { statusErrors, type StatusCause } from '../status-error.ts';
import type { PolicyRule } from './policy-rule.ts';
import type { Decision } from './rbac-authorizer.ts';
import type { RequestAttributes } from './request-attributes.ts';
import type { TokenVerdict } from './service-account-tokens.ts';
import type { UserInfo } from './user-info.ts';

/** What answering reviews needs from the authenticator and authorizer. */
export interface ReviewServices {
  readonly authorize: (user: UserInfo, attrs: RequestAttributes) => Decision;
  readonly rulesFor: (user: UserInfo, namespace: string) => readonly PolicyRule[];
  readonly authenticateToken: (token: string, audiences: readonly string[]) => TokenVerdict;
}

/** One review request: its kind, the decoded object, who sent it and the path's namespace. */
export interface ReviewCall {
  readonly kind: string;
  readonly review: KubeObject;
  readonly user: UserInfo;
  readonly namespace: string;
}

const authorizationGroup = 'authorization.k8s.io';

function specOf(review: KubeObject): JsonObject {
  return isJsonObject(review['spec']) ? review['spec'] : {};
}

function str(obj: JsonObject, key: string): string {
  const value = obj[key];
  return typeof value === 'string' ? value : '';
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function extraOf(value: Json | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isJsonObject(value)) return out;
  for (const [key, values] of Object.entries(value)) out[key] = strings(values);
  return out;
}

/** `userInfo` as the authentication API serializes it. */
export function userInfoJson(user: UserInfo): JsonObject {
  const out: JsonObject = { username: user.name, groups: [...user.groups] };
  if (user.uid !== undefined && user.uid !== '') out['uid'] = user.uid;
  const extra = user.extra ?? {};
  if (Object.keys(extra).length > 0) {
    out['extra'] = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, [...v]]));
  }
  return out;
}

function invalid(kind: string, causes: StatusCause[]): never {
  throw statusErrors.invalid(kind, '', causes, authorizationGroup);
}

/** The attributes a SubjectAccessReview spec asks about; 422 unless exactly one kind is given. */
function accessAttributes(kind: string, spec: JsonObject, namespace?: string): RequestAttributes {
  const resource = spec['resourceAttributes'];
  const nonResource = spec['nonResourceAttributes'];
  if (isJsonObject(resource) && isJsonObject(nonResource)) {
    invalid(kind, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.nonResourceAttributes',
        message: `Invalid value: ${JSON.stringify(nonResource)}: cannot be specified in combination with resourceAttributes`,
      },
    ]);
  }
  if (isJsonObject(nonResource)) {
    return { type: 'nonResource', verb: str(nonResource, 'verb'), path: str(nonResource, 'path') };
  }
  if (!isJsonObject(resource)) {
    invalid(kind, [
      {
        reason: 'FieldValueRequired',
        field: 'spec.resourceAttributes',
        message:
          'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  return {
    type: 'resource',
    verb: str(resource, 'verb'),
    group: str(resource, 'group'),
    version: str(resource, 'version'),
    resource: str(resource, 'resource'),
    subresource: str(resource, 'subresource'),
    namespace: namespace ?? str(resource, 'namespace'),
    name: str(resource, 'name'),
  };
}

function accessStatus(decision: Decision): JsonObject {
  const status: JsonObject = { allowed: decision.allowed };
  if (decision.reason !== '') status['reason'] = decision.reason;
  return status;
}

/** The subject a SubjectAccessReview names; 422 when it names neither a user nor groups. */
function subjectOf(spec: JsonObject): UserInfo {
  const name = str(spec, 'user');
  const groups = strings(spec['groups']);
  if (name === '' && groups.length === 0) {
    invalid('SubjectAccessReview', [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.user',
        message: 'Invalid value: "": at least one of user or group must be specified',
      },
    ]);
  }
  const uid = str(spec, 'uid');
  return { name, groups, ...(uid === '' ? {} : { uid }), extra: extraOf(spec['extra']) };
}

function localNamespace(call: ReviewCall, spec: JsonObject): string {
  if (call.namespace === '') {
    throw statusErrors.badRequest('namespace is required on this type: ');
  }
  const resource = spec['resourceAttributes'];
  const asked = isJsonObject(resource) ? str(resource, 'namespace') : '';
  if (asked !== '' && asked !== call.namespace) {
    throw statusErrors.badRequest(
      `spec.resourceAttributes.namespace must match namespace: ${call.namespace}`,
    );
  }
  return call.namespace;
}

function rulesReviewStatus(rules: readonly PolicyRule[]): JsonObject {
  const resourceRules: Json[] = [];
  const nonResourceRules: Json[] = [];
  for (const rule of rules) {
    if (rule.resources.length > 0 || rule.apiGroups.length > 0) {
      const r: JsonObject = {
        verbs: [...rule.verbs],
        apiGroups: [...rule.apiGroups],
        resources: [...rule.resources],
      };
      if (rule.resourceNames.length > 0) r['resourceNames'] = [...rule.resourceNames];
      resourceRules.push(r);
    }
    if (rule.nonResourceURLs.length > 0) {
      nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
    }
  }
  return { resourceRules, nonResourceRules, incomplete: false };
}

function tokenReviewStatus(services: ReviewServices, spec: JsonObject): JsonObject {
  const token = str(spec, 'token');
  if (token === '')
    throw statusErrors.badRequest('token is required for TokenReview in authentication');
  const verdict = services.authenticateToken(token, strings(spec['audiences']));
  if (!verdict.authenticated) return { authenticated: false, user: {}, error: verdict.error };
  return {
    authenticated: true,
    user: userInfoJson(verdict.user),
    audiences: [...verdict.audiences],
  };
}

function statusFor(services: ReviewServices, call: ReviewCall): JsonObject {
  const spec = specOf(call.review);
  switch (call.kind) {
    case 'SelfSubjectAccessReview':
      return accessStatus(services.authorize(call.user, accessAttributes(call.kind, spec)));
    case 'SubjectAccessReview':
      return accessStatus(services.authorize(subjectOf(spec), accessAttributes(call.kind, spec)));
    case 'LocalSubjectAccessReview': {
      const namespace = localNamespace(call, spec);
      return accessStatus(
        services.authorize(subjectOf(spec), accessAttributes(call.kind, spec, namespace)),
      );
    }
    case 'SelfSubjectRulesReview': {
      const namespace = str(spec, 'namespace');
      if (namespace === '') throw statusErrors.badRequest('no namespace on request');
      return rulesReviewStatus(services.rulesFor(call.user, namespace));
    }
    case 'TokenReview':
      return tokenReviewStatus(services, spec);
    case 'SelfSubjectReview':
      return { userInfo: userInfoJson(call.user) };
    default:
      throw statusErrors.badRequest(`${call.kind} is not a review`);
  }
}

/**
 * Answers an authentication or authorization review (created, answered, never stored):
 * SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview,
 * TokenReview (with audiences) and SelfSubjectReview. Returns the review with its `status`.
 */
export function answerAuthReview(services: ReviewServices, call: ReviewCall): KubeObject {
  const metadata = { ...call.review.metadata };
  if (!('creationTimestamp' in metadata)) metadata['creationTimestamp'] = null;
  return { ...call.review, metadata, status: statusFor(services, call) };
}
