import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { openStore, type Store } from '../storage/index.ts';
import type { AdmissionRequest } from './admission-request.ts';
import { invocationFor, type EquivalentResources } from './invocation-for.ts';
import { readWebhookConfiguration, type Webhook } from './webhook-config.ts';

let store: Store;
beforeEach(() => {
  store = openStore({ path: ':memory:' });
  for (const [name, labels] of [
    ['prod', { env: 'prod' }],
    ['dev', { env: 'dev' }],
  ] as const) {
    store.create(`/core/namespaces//${name}`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels },
    });
  }
});
afterEach(() => {
  store.close();
});

function webhook(fields: JsonObject): Webhook {
  const config: KubeObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'c' },
    webhooks: [
      {
        name: 'w.example.com',
        rules: [
          {
            operations: ['CREATE', 'UPDATE'],
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['configmaps'],
          },
        ],
        ...fields,
      },
    ],
  };
  const [first] = readWebhookConfiguration(config);
  if (first === undefined) throw new Error('no webhook');
  return first;
}

function configMap(namespace: string, labels: Record<string, string> = {}): AdmissionRequest {
  return {
    operation: 'CREATE',
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    namespace,
    name: 'cm',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels } },
    dryRun: false,
    user: { name: 'alice', groups: [] },
  };
}

const matches = (hook: Webhook, request: AdmissionRequest, eq?: EquivalentResources): boolean =>
  invocationFor({ webhook: hook, request, store, equivalentResources: eq }) !== undefined;

describe('invocationFor', () => {
  it('applies v1 defaults: Fail, Equivalent, timeout 10 s, Never, match-all selectors', () => {
    expect(webhook({})).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      timeoutSeconds: 10,
      reinvocationPolicy: 'Never',
      uid: 'c/w.example.com/0',
    });
    expect(webhook({ timeoutSeconds: 90 }).timeoutSeconds).toBe(30);
  });

  it('matches a namespaceSelector against the namespace labels in the store', () => {
    const hook = webhook({ namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(matches(hook, configMap('prod'))).toBe(true);
    expect(matches(hook, configMap('dev'))).toBe(false);
  });

  it('answers 404 for a missing namespace only when a rule matches', () => {
    const hook = webhook({ namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(() => matches(hook, configMap('gone'))).toThrow('namespaces "gone" not found');
    const other = { ...configMap('gone'), resource: 'secrets' };
    expect(matches(hook, other)).toBe(false);
  });

  it('uses the labels of a namespace being created', () => {
    const hook = webhook({
      namespaceSelector: { matchLabels: { env: 'new' } },
      rules: [
        { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'] },
      ],
    });
    const request: AdmissionRequest = {
      ...configMap(''),
      resource: 'namespaces',
      name: 'fresh',
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'fresh', labels: { env: 'new' } },
      },
    };
    expect(matches(hook, request)).toBe(true);
  });

  it('matches an objectSelector against the new or the old object', () => {
    const hook = webhook({ objectSelector: { matchLabels: { app: 'web' } } });
    expect(matches(hook, configMap('dev', { app: 'web' }))).toBe(true);
    expect(matches(hook, configMap('dev', { app: 'db' }))).toBe(false);
    const update: AdmissionRequest = {
      ...configMap('dev', { app: 'db' }),
      operation: 'UPDATE',
      oldObject: { metadata: { labels: { app: 'web' } } },
    };
    expect(matches(hook, update)).toBe(true);
  });

  it('reports an unparsable selector as an internal error', () => {
    const hook = webhook({
      objectSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
    });
    expect(() => matches(hook, configMap('dev'))).toThrow(StatusError);
  });

  it('treats a webhook with matchConditions as matching', () => {
    const hook = webhook({ matchConditions: [{ name: 'x', expression: 'false' }] });
    expect(hook.hasMatchConditions).toBe(true);
    expect(matches(hook, configMap('dev'))).toBe(true);
  });

  it('invokes a webhook for an equivalent resource only with matchPolicy Equivalent', () => {
    const rules = [
      {
        operations: ['CREATE'],
        apiGroups: ['example.com'],
        apiVersions: ['v1beta1'],
        resources: ['widgets'],
      },
    ];
    const request: AdmissionRequest = {
      ...configMap('dev'),
      group: 'example.com',
      resource: 'widgets',
      kind: { group: 'example.com', version: 'v1', kind: 'Widget' },
    };
    const eq: EquivalentResources = () => [
      { group: 'example.com', version: 'v1', resource: 'widgets', kind: request.kind },
      {
        group: 'example.com',
        version: 'v1beta1',
        resource: 'widgets',
        kind: { group: 'example.com', version: 'v1beta1', kind: 'Widget' },
      },
    ];
    const equivalent = webhook({ rules });
    expect(
      invocationFor({ webhook: equivalent, request, store, equivalentResources: eq }),
    ).toMatchObject({
      version: 'v1beta1',
    });
    expect(matches(webhook({ rules, matchPolicy: 'Exact' }), request, eq)).toBe(false);
  });
});
