import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import type { AdmissionRequest } from './admission-request.ts';
import { buildAdmissionReview, verifyAdmissionResponse } from './admission-review.ts';
import { WebhookCallFailure } from './webhook-errors.ts';

const request: AdmissionRequest = {
  operation: 'CREATE',
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  namespace: 'default',
  name: 'web',
  object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
  dryRun: true,
  options: { fieldManager: 'kubectl' },
  user: { name: 'alice', groups: ['devs'], extra: { scopes: ['a'] } },
};

const uid = '1234';
const v1 = (response: Json): Json => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response,
});
const patch = Buffer.from(JSON.stringify([{ op: 'add', path: '/x', value: 1 }])).toString('base64');

describe('buildAdmissionReview', () => {
  it('sends the request as AdmissionReview v1 with options, user and dryRun', () => {
    const own = { group: 'apps', version: 'v1', resource: 'deployments', kind: request.kind };
    const review = buildAdmissionReview({ uid, version: 'v1', request, invocation: own });
    expect(review).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid,
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
        name: 'web',
        namespace: 'default',
        operation: 'CREATE',
        userInfo: { username: 'alice', groups: ['devs'], extra: { scopes: ['a'] } },
        object: request.object,
        oldObject: null,
        dryRun: true,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl' },
      },
    });
  });

  it('sends the object in the equivalent version a webhook matched', () => {
    const other = {
      group: 'apps',
      version: 'v1beta2',
      resource: 'deployments',
      kind: { group: 'apps', version: 'v1beta2', kind: 'Deployment' },
    };
    const review = buildAdmissionReview({ uid, version: 'v1', request, invocation: other });
    expect(review['request']).toMatchObject({
      resource: { version: 'v1beta2' },
      requestResource: { version: 'v1' },
      object: { apiVersion: 'apps/v1beta2' },
    });
  });
});

describe('verifyAdmissionResponse', () => {
  it('reads an allowed answer with warnings and audit annotations', () => {
    const body = v1({ uid, allowed: true, warnings: ['careful'], auditAnnotations: { a: 'b' } });
    expect(verifyAdmissionResponse({ body, uid, version: 'v1', mutating: false })).toEqual({
      allowed: true,
      patch: undefined,
      status: undefined,
      warnings: ['careful'],
      auditAnnotations: { a: 'b' },
    });
  });

  it('decodes a base64 JSONPatch', () => {
    const body = v1({ uid, allowed: true, patch, patchType: 'JSONPatch' });
    expect(verifyAdmissionResponse({ body, uid, version: 'v1', mutating: true }).patch).toEqual([
      { op: 'add', path: '/x', value: 1 },
    ]);
  });

  it.each<[string, Json, boolean, string]>([
    [
      'no response',
      { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' },
      false,
      'webhook response was absent',
    ],
    [
      'another uid',
      v1({ uid: 'x', allowed: true }),
      false,
      'expected response.uid="1234", got "x"',
    ],
    [
      'a v1beta1 envelope',
      {
        apiVersion: 'admission.k8s.io/v1beta1',
        kind: 'AdmissionReview',
        response: { uid, allowed: true },
      },
      false,
      'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview',
    ],
    [
      'a patch from a validating webhook',
      v1({ uid, allowed: true, patch }),
      false,
      'validating webhook may not return response.patch',
    ],
    [
      'a patch without patchType',
      v1({ uid, allowed: true, patch }),
      true,
      'webhook returned response.patch but not response.patchType',
    ],
    [
      'a patchType without patch',
      v1({ uid, allowed: true, patchType: 'JSONPatch' }),
      true,
      'webhook returned response.patchType but not response.patch',
    ],
  ])('rejects %s', (_name, body, mutating, message) => {
    const verify = (): unknown => verifyAdmissionResponse({ body, uid, version: 'v1', mutating });
    expect(verify).toThrow(WebhookCallFailure);
    expect(verify).toThrow(`received invalid webhook response: ${message}`);
  });

  it('accepts a v1beta1 answer without uid check', () => {
    const body = {
      apiVersion: 'admission.k8s.io/v1beta1',
      kind: 'AdmissionReview',
      response: { allowed: false },
    };
    expect(
      verifyAdmissionResponse({ body, uid, version: 'v1beta1', mutating: false }).allowed,
    ).toBe(false);
  });
});
