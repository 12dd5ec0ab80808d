// Admission webhooks against a real HTTPS webhook server started here.
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@podvisor/kube';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../aggregation/index.ts';
import type { JsonObject, KubeObject } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { openStore, type Store } from '../storage/index.ts';
import { createWebhookAdmission, type AdmissionRequest, type WebhookAdmission } from './index.ts';

interface Review {
  request: { uid: string; object: KubeObject | null; dryRun: boolean } & JsonObject;
}

let server: Server;
let port = 0;
let caBundle = '';
let otherCaBundle = '';
const received: { path: string; review: Review }[] = [];

function answer(path: string, review: Review): JsonObject {
  const { uid, object } = review.request;
  const response = (fields: JsonObject): JsonObject => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid, ...fields },
  });
  if (path.startsWith('/deny'))
    return response({
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'no thanks' },
    });
  if (path.startsWith('/label-')) {
    const key = path.slice('/label-'.length).split('?')[0] ?? '';
    const labels = (object?.metadata['labels'] ?? undefined) as JsonObject | undefined;
    if (labels?.[key] !== undefined) return response({ allowed: true });
    const ops =
      labels === undefined
        ? [{ op: 'add', path: '/metadata/labels', value: { [key]: 'yes' } }]
        : [{ op: 'add', path: `/metadata/labels/${key}`, value: 'yes' }];
    const patch = Buffer.from(JSON.stringify(ops)).toString('base64');
    return response({
      allowed: true,
      patch,
      patchType: 'JSONPatch',
      warnings: [`labelled ${key}`],
    });
  }
  return response({ allowed: true, warnings: ['looked at it'], auditAnnotations: { seen: 'yes' } });
}

beforeAll(async () => {
  const ca = await createCertificateAuthority('webhook-ca');
  const other = await createCertificateAuthority('other-ca');
  const serving = await ca.issue({
    commonName: 'webhook',
    dnsNames: ['webhook.default.svc'],
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  caBundle = Buffer.from(ca.cert).toString('base64');
  otherCaBundle = Buffer.from(other.cert).toString('base64');
  server = createServer({ cert: serving.cert, key: serving.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Review;
      received.push({ path, review });
      const reply = (): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer(path, review)));
      };
      if (path.startsWith('/sleep')) setTimeout(reply, 2_500);
      else reply();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

let store: Store;
let admission: WebhookAdmission;
beforeEach(() => {
  received.length = 0;
  store = openStore({ path: ':memory:' });
  store.create('/core/namespaces//default', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default', labels: { webhooks: 'on' } },
  });
  admission = createWebhookAdmission({
    store,
    logger: createLogger({ component: 'test', level: 'silent' }),
    resolveService: (namespace, name, servicePort) => {
      if (name !== 'webhook') throw new Error(`service "${name}" not found`);
      expect([namespace, servicePort]).toEqual(['default', 443]);
      return { host: '127.0.0.1', port };
    },
  });
});
afterEach(() => {
  admission.close();
  store.close();
});

type Kind = 'mutating' | 'validating';

function hook(name: string, path: string, fields: JsonObject = {}): JsonObject {
  return {
    name,
    clientConfig: { service: { namespace: 'default', name: 'webhook', path }, caBundle },
    rules: [
      {
        operations: ['CREATE', 'UPDATE'],
        apiGroups: [''],
        apiVersions: ['v1'],
        resources: ['configmaps'],
      },
    ],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...fields,
  };
}

function configure(kind: Kind, name: string, webhooks: JsonObject[]): void {
  const resource = `${kind}webhookconfigurations`;
  store.create(`/admissionregistration.k8s.io/${resource}//${name}`, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: kind === 'mutating' ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks,
  });
}

function createConfigMap(
  fields: Partial<AdmissionRequest<KubeObject>> = {},
): AdmissionRequest<KubeObject> {
  return {
    operation: 'CREATE',
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    namespace: 'default',
    name: 'cm',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } },
    dryRun: false,
    user: { name: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'] },
    ...fields,
  };
}

async function rejection(promise: Promise<unknown>): Promise<StatusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof StatusError))
    throw new Error(`expected a StatusError, got ${String(error)}`);
  return error;
}

describe('validating webhooks', () => {
  it('lets an allowed request through with the webhook warnings, sending an AdmissionReview v1', async () => {
    configure('validating', 'allow', [hook('allow.example.com', '/allow')]);
    const outcome = await admission.validate(createConfigMap());
    expect(outcome).toEqual({
      warnings: ['looked at it'],
      auditAnnotations: { 'allow.example.com/seen': 'yes' },
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/allow?timeout=10s');
    expect(received[0]?.review).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        operation: 'CREATE',
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        namespace: 'default',
        name: 'cm',
        userInfo: { username: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'] },
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
        dryRun: false,
      },
    });
  });

  it('rejects a denied request with the webhook code and upstream wording', async () => {
    configure('validating', 'deny', [hook('deny.example.com', '/deny')]);
    const error = await rejection(admission.validate(createConfigMap()));
    expect(error.code).toBe(403);
    expect(error.toStatus()).toMatchObject({
      reason: 'Forbidden',
      message: 'admission webhook "deny.example.com" denied the request: no thanks',
    });
  });

  it('fails a request whose webhook times out with failurePolicy Fail', async () => {
    configure('validating', 'slow', [hook('slow.example.com', '/sleep', { timeoutSeconds: 1 })]);
    const error = await rejection(admission.validate(createConfigMap()));
    expect(error.code).toBe(500);
    expect(error.message).toBe(
      'Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "https://webhook.default.svc:443/sleep?timeout=1s": context deadline exceeded',
    );
  });

  it('lets a request through when a webhook with failurePolicy Ignore times out', async () => {
    configure('validating', 'slow', [
      hook('slow.example.com', '/sleep', { timeoutSeconds: 1, failurePolicy: 'Ignore' }),
    ]);
    await expect(admission.validate(createConfigMap())).resolves.toEqual({
      warnings: [],
      auditAnnotations: {},
    });
    expect(received).toHaveLength(1);
  });

  it('fails when the webhook certificate is not signed by the caBundle', async () => {
    configure('validating', 'bad-ca', [
      hook('bad-ca.example.com', '/allow', {
        clientConfig: {
          service: { namespace: 'default', name: 'webhook', path: '/allow' },
          caBundle: otherCaBundle,
        },
      }),
    ]);
    const error = await rejection(admission.validate(createConfigMap()));
    expect(error.message).toContain('x509: certificate signed by unknown authority');
  });

  it('reaches a webhook by clientConfig.url', async () => {
    configure('validating', 'by-url', [
      hook('url.example.com', '/deny', {
        clientConfig: { url: `https://127.0.0.1:${port}/deny-url`, caBundle },
      }),
    ]);
    await expect(admission.validate(createConfigMap())).rejects.toThrow(
      'denied the request: no thanks',
    );
    expect(received[0]?.path).toBe('/deny-url?timeout=10s');
  });

  it('skips webhooks whose namespaceSelector or rules do not match', async () => {
    configure('validating', 'elsewhere', [
      hook('ns.example.com', '/deny', { namespaceSelector: { matchLabels: { webhooks: 'off' } } }),
      hook('secrets.example.com', '/deny', {
        rules: [
          { operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['secrets'] },
        ],
      }),
    ]);
    await admission.validate(createConfigMap());
    expect(received).toHaveLength(0);
  });

  it('refuses a dry-run request for a webhook with side effects, and calls one without', async () => {
    configure('validating', 'effects', [
      hook('effects.example.com', '/allow', { sideEffects: 'Unknown' }),
    ]);
    const error = await rejection(admission.validate(createConfigMap({ dryRun: true })));
    expect(error.code).toBe(400);
    expect(error.message).toBe('admission webhook "effects.example.com" does not support dry run');
    expect(received).toHaveLength(0);
    configure('validating', 'pure', [
      hook('pure.example.com', '/allow', { sideEffects: 'NoneOnDryRun' }),
    ]);
    store.delete('/admissionregistration.k8s.io/validatingwebhookconfigurations//effects');
    await admission.validate(createConfigMap({ dryRun: true }));
    expect(received[0]?.review.request.dryRun).toBe(true);
  });

  it('follows configuration changes at once and never sends admission configurations to webhooks', async () => {
    configure('validating', 'deny', [
      hook('deny.example.com', '/deny', {
        rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }],
      }),
    ]);
    const own = createConfigMap({
      group: 'admissionregistration.k8s.io',
      resource: 'validatingwebhookconfigurations',
      namespace: '',
    });
    await admission.validate(own);
    await expect(admission.validate(createConfigMap())).rejects.toThrow(StatusError);
    store.delete('/admissionregistration.k8s.io/validatingwebhookconfigurations//deny');
    await admission.validate(createConfigMap());
    expect(received).toHaveLength(1);
  });
});

describe('mutating webhooks', () => {
  it('applies a webhook JSONPatch to the object', async () => {
    configure('mutating', 'label', [hook('label.example.com', '/label-team')]);
    const outcome = await admission.mutate(createConfigMap());
    expect(outcome.object?.metadata['labels']).toEqual({ team: 'yes' });
    expect(outcome.warnings).toEqual(['labelled team']);
  });

  it('runs webhooks in configuration order, each seeing the previous patch', async () => {
    configure('mutating', 'b-second', [hook('second.example.com', '/label-second')]);
    configure('mutating', 'a-first', [hook('first.example.com', '/label-first')]);
    const outcome = await admission.mutate(createConfigMap());
    expect(outcome.object?.metadata['labels']).toEqual({ first: 'yes', second: 'yes' });
    expect(received.map((r) => r.path)).toEqual([
      '/label-first?timeout=10s',
      '/label-second?timeout=10s',
    ]);
    expect(received[1]?.review.request.object?.metadata['labels']).toEqual({ first: 'yes' });
  });

  it('reinvokes an IfNeeded webhook once when a later one changed the object', async () => {
    configure('mutating', 'chain', [
      hook('watcher.example.com', '/allow', { reinvocationPolicy: 'IfNeeded' }),
      hook('never.example.com', '/allow'),
      hook('changer.example.com', '/label-late'),
    ]);
    await admission.mutate(createConfigMap());
    expect(received.map((r) => r.path.split('?')[0])).toEqual([
      '/allow',
      '/allow',
      '/label-late',
      '/allow',
    ]);
    expect(received[3]?.review.request.object?.metadata['labels']).toEqual({ late: 'yes' });
  });

  it('stops at the first denial', async () => {
    configure('mutating', 'stop', [
      hook('deny.example.com', '/deny'),
      hook('label.example.com', '/label-x'),
    ]);
    await expect(admission.mutate(createConfigMap())).rejects.toThrow(
      'admission webhook "deny.example.com" denied the request: no thanks',
    );
    expect(received).toHaveLength(1);
  });

  it('fails when a webhook Service cannot be resolved (failurePolicy Fail)', async () => {
    configure('mutating', 'gone', [
      hook('gone.example.com', '/allow', {
        clientConfig: {
          service: { namespace: 'default', name: 'missing', path: '/allow' },
          caBundle,
        },
      }),
    ]);
    await expect(admission.mutate(createConfigMap())).rejects.toThrow(
      'failed calling webhook "gone.example.com": failed to call webhook: Post "https://missing.default.svc:443/allow?timeout=10s": service "missing" not found',
    );
  });
});
