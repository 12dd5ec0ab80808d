import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import { networkTestKit, type NetworkTestKit } from '../services/network-test-kit.ts';
import {
  defaultServiceAccountController,
  namespacesRef,
  serviceAccountsRef,
} from './default-service-account-controller.ts';
import { handleTokenRequest, type TokenSignInput } from './handle-token-request.ts';

let cluster: TestCluster;
let kit: NetworkTestKit;

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = networkTestKit(cluster);
  kit.start(defaultServiceAccountController);
});
afterAll(async () => {
  await kit.stopAll();
  await cluster.close();
});

function defaultAccount(namespace: string): Promise<KubeObject | undefined> {
  return cluster.client.get(serviceAccountsRef, { namespace, name: 'default' });
}

describe('the default ServiceAccount', () => {
  it('exists in the system namespaces and in every new one, and comes back when deleted', async () => {
    for (const namespace of ['default', 'kube-system', 'kube-public'])
      await kit.eventually(() => defaultAccount(namespace));
    await cluster.client.create(namespacesRef, '', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    const first = await kit.eventually(() => defaultAccount('team-a'));
    await cluster.client.delete(serviceAccountsRef, { namespace: 'team-a', name: 'default' });
    const second = await kit.eventually(() => defaultAccount('team-a'));
    expect(metaString(second, 'uid')).not.toBe(metaString(first, 'uid'));
  });
});

describe('handleTokenRequest', () => {
  const signed: TokenSignInput[] = [];
  const sign = (input: TokenSignInput): { token: string; expirationTimestamp: string } => {
    signed.push(input);
    return { token: `token-${signed.length}`, expirationTimestamp: '2030-01-01T00:00:00Z' };
  };
  const request = (name: string, spec: Json): Promise<KubeObject> =>
    handleTokenRequest({
      client: cluster.client,
      sign,
      namespace: 'default',
      name,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {}, spec },
    });

  beforeAll(async () => {
    await cluster.client.create(serviceAccountsRef, 'default', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'other' },
    });
    await kit.eventually(() => defaultAccount('default'));
  });

  it('signs a token for the account with the default expiry and audience, as kubectl asks', async () => {
    const account = await kit.eventually(() => defaultAccount('default'));
    const answer = await request('default', {
      audiences: null,
      expirationSeconds: null,
      boundObjectRef: null,
    });
    expect(answer).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: 'default', namespace: 'default', creationTimestamp: null },
      spec: {
        audiences: ['https://kubernetes.default.svc'],
        expirationSeconds: 3600,
        boundObjectRef: null,
      },
      status: { token: 'token-1', expirationTimestamp: '2030-01-01T00:00:00Z' },
    });
    expect(signed.at(-1)).toEqual({
      namespace: 'default',
      name: 'default',
      uid: metaString(account, 'uid'),
      audiences: ['https://kubernetes.default.svc'],
      expirationSeconds: 3600,
    });
  });

  it('binds a token to a pod that runs as the account, with the audiences asked for', async () => {
    const pod = await kit.createPod('runner', {});
    await request('default', {
      audiences: ['vault'],
      expirationSeconds: 600,
      boundObjectRef: {
        kind: 'Pod',
        apiVersion: 'v1',
        name: 'runner',
        uid: metaString(pod, 'uid'),
      },
    });
    expect(signed.at(-1)).toMatchObject({
      audiences: ['vault'],
      expirationSeconds: 600,
      boundObject: { kind: 'Pod', name: 'runner', uid: metaString(pod, 'uid') },
    });
  });

  interface Refusal {
    readonly account: string;
    readonly spec: Json;
    readonly code: number;
    readonly message: string;
  }

  it.each<[string, Refusal]>([
    [
      'an unknown account',
      { account: 'ghost', spec: {}, code: 404, message: 'serviceaccounts "ghost" not found' },
    ],
    [
      'a too short expiry',
      {
        account: 'default',
        spec: { expirationSeconds: 599 },
        code: 422,
        message:
          'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
      },
    ],
    [
      'a missing bound pod',
      {
        account: 'default',
        spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'nope' } },
        code: 404,
        message: 'pods "nope" not found',
      },
    ],
    [
      'a bound pod with another UID',
      {
        account: 'default',
        spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner', uid: 'stale' } },
        code: 409,
        message:
          'Operation cannot be fulfilled on Pod "runner": the UID in the bound object reference (stale) does not match the UID in record. The object might have been deleted and then recreated',
      },
    ],
    [
      'a pod running as another account',
      {
        account: 'other',
        spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'runner' } },
        code: 400,
        message:
          'cannot bind token for serviceaccount "other" to pod running with different serviceaccount name.',
      },
    ],
    [
      'a kind tokens cannot be bound to',
      {
        account: 'default',
        spec: { boundObjectRef: { kind: 'ConfigMap', apiVersion: 'v1', name: 'x' } },
        code: 400,
        message: 'cannot bind token to object of type /v1, Kind=ConfigMap',
      },
    ],
    [
      'audiences that are not strings',
      {
        account: 'default',
        spec: { audiences: [1] },
        code: 400,
        message:
          'TokenRequest in version "v1" cannot be handled as a TokenRequest: spec.audiences must be a list of strings',
      },
    ],
  ])('refuses %s', async (_what, { account, spec, code, message }) => {
    const count = signed.length;
    await expect(request(account, spec)).rejects.toMatchObject({ code, message });
    expect(signed).toHaveLength(count);
  });
});
