// Admission webhooks wired into the API server, seen through the real kubectl.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../aggregation/index.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';

let cluster: TestCluster;
let webhook: Server;
let caBundle = '';
let base = '';

beforeAll(async () => {
  cluster = await startTestCluster();
  const ca = await createCertificateAuthority('webhook-test-ca');
  const serving = await ca.issue({
    commonName: '127.0.0.1',
    ipAddresses: ['127.0.0.1'],
    usage: 'server',
  });
  caBundle = Buffer.from(ca.cert).toString('base64');
  webhook = createServer({ key: serving.key, cert: serving.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as { request: { uid: string } };
      const answer = (response: object): void => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            apiVersion: 'admission.k8s.io/v1',
            kind: 'AdmissionReview',
            response: { uid: review.request.uid, ...response },
          }),
        );
      };
      if (req.url?.startsWith('/deny') === true)
        answer({ allowed: false, status: { code: 403, message: 'no configmaps named deny-me' } });
      else if (req.url?.startsWith('/slow') === true)
        setTimeout(() => {
          answer({ allowed: true });
        }, 3000);
      else answer({ allowed: true });
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await cluster.close();
  webhook.closeAllConnections();
  await new Promise((resolve) => webhook.close(resolve));
});

function configuration(
  name: string,
  path: string,
  failurePolicy: 'Fail' | 'Ignore',
  objectSelector: object,
): string {
  return JSON.stringify({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks: [
      {
        name: `${name}.example.com`,
        clientConfig: { url: `${base}${path}`, caBundle },
        rules: [
          {
            operations: ['CREATE'],
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['configmaps'],
          },
        ],
        objectSelector,
        failurePolicy,
        timeoutSeconds: 1,
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
      },
    ],
  });
}

describe('validating webhooks', () => {
  it('obeys a webhook that denies', async () => {
    await cluster.kubectl(['apply', '-f', '-'], {
      stdin: configuration('deny', '/deny', 'Fail', { matchLabels: { test: 'deny' } }),
    });
    const denied = await cluster.kubectl(['apply', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deny-me, labels: {test: deny}}\n',
    });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      'admission webhook "deny.example.com" denied the request: no configmaps named deny-me',
    );
    expect((await cluster.kubectl(['get', 'configmap', 'deny-me'])).code).not.toBe(0);
  });

  it('follows failurePolicy when a webhook times out', async () => {
    await cluster.kubectl(['apply', '-f', '-'], {
      stdin: configuration('slow-ignore', '/slow', 'Ignore', { matchLabels: { test: 'ignore' } }),
    });
    await cluster.kubectl(['apply', '-f', '-'], {
      stdin: configuration('slow-fail', '/slow', 'Fail', { matchLabels: { test: 'fail' } }),
    });
    const ignored = await cluster.kubectl(['create', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ignored, labels: {test: ignore}}\n',
    });
    expect(ignored.code).toBe(0);
    const failed = await cluster.kubectl(['create', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: failed, labels: {test: fail}}\n',
    });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('failed calling webhook "slow-fail.example.com"');
  });
});
