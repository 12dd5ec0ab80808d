import { describe, expect, it } from 'vitest';
import {
  AdmissionReviewError,
  admissionReviewResponse,
  parseAdmissionReview,
} from './admission-review.ts';

const request = {
  uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
  kind: { group: 'kubevirt.io', version: 'v1', kind: 'VirtualMachine' },
  resource: { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines' },
  namespace: 'default',
  name: 'testvm',
  operation: 'UPDATE',
  userInfo: { username: 'alice', groups: ['devs', 7, 'system:authenticated'] },
  object: { metadata: { name: 'testvm' } },
  oldObject: { metadata: { name: 'testvm' }, spec: {} },
  dryRun: true,
};

const envelope = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' };

describe('parseAdmissionReview', () => {
  it('reads a v1 AdmissionReview', () => {
    expect(parseAdmissionReview({ ...envelope, request })).toEqual({
      uid: request.uid,
      operation: 'UPDATE',
      resource: 'virtualmachines',
      namespace: 'default',
      name: 'testvm',
      object: request.object,
      oldObject: request.oldObject,
      user: { username: 'alice', groups: ['devs', 'system:authenticated'] },
      dryRun: true,
    });
  });

  it('reads the subresource of a pods/eviction review', () => {
    const parsed = parseAdmissionReview({
      ...envelope,
      request: {
        ...request,
        operation: 'CREATE',
        resource: { group: '', version: 'v1', resource: 'pods' },
        subResource: 'eviction',
      },
    });
    expect(parsed).toMatchObject({ resource: 'pods', subresource: 'eviction' });
  });

  it('reads a null oldObject as absent', () => {
    const parsed = parseAdmissionReview({ ...envelope, request: { ...request, oldObject: null } });
    expect(parsed.oldObject).toBeUndefined();
  });

  it.each([
    { name: 'an array', body: [], message: 'the body must be a JSON object' },
    {
      name: 'a v1beta1 review',
      body: { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request },
      message:
        'expected an admission.k8s.io/v1 AdmissionReview, got apiVersion "admission.k8s.io/v1beta1" kind "AdmissionReview"',
    },
    { name: 'no request', body: envelope, message: 'the AdmissionReview has no request' },
    {
      name: 'no uid',
      body: { ...envelope, request: { ...request, uid: '' } },
      message: 'request.uid is required',
    },
    {
      name: 'an object that is a string',
      body: { ...envelope, request: { ...request, object: 'vm' } },
      message: 'request.object must be a JSON object',
    },
  ])('rejects $name naming the problem', ({ body, message }) => {
    expect(() => parseAdmissionReview(body)).toThrow(new AdmissionReviewError(message));
  });
});

describe('admissionReviewResponse', () => {
  it('encodes a patch as base64 JSONPatch', () => {
    const patch = [{ op: 'add' as const, path: '/spec/x', value: 1 }];
    const review = admissionReviewResponse('u', { allowed: true, patch });
    expect(review).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u', allowed: true, patchType: 'JSONPatch' },
    });
    const encoded = (review['response'] as { patch: string }).patch;
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(patch);
  });

  it.each([
    { name: 'no patch', patch: undefined },
    { name: 'an empty patch', patch: [] },
  ])('omits patch and patchType for $name', ({ patch }) => {
    const decision =
      patch === undefined ? { allowed: true as const } : { allowed: true as const, patch };
    expect(admissionReviewResponse('u', decision)['response']).toEqual({ uid: 'u', allowed: true });
  });

  it('carries a denial status', () => {
    const status = { code: 422, reason: 'Invalid', message: 'bad' };
    expect(admissionReviewResponse('u', { allowed: false, status })['response']).toEqual({
      uid: 'u',
      allowed: false,
      status,
    });
  });
});
