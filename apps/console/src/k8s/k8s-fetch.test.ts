import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  k8sCreate,
  k8sDelete,
  k8sGet,
  k8sList,
  k8sPatch,
  k8sSubresource,
  k8sUpdate,
} from './k8s-fetch.ts';
import { KubeError } from './kube-error.ts';
import { onUnauthorized } from './on-unauthorized.ts';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

let sent: Sent[];
let answers: Response[];

function answer(status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  answers.push(
    new Response(status === 204 ? null : text, {
      status,
      headers: { 'Content-Type': contentType },
    }),
  );
}

beforeEach(() => {
  sent = [];
  answers = [];
  document.cookie = 'other=1';
  document.cookie = 'podvisor-csrf=token%2Fabc';
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    const next = answers.shift();
    return next === undefined
      ? Promise.reject(new TypeError('Failed to fetch'))
      : Promise.resolve(next);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const vm = {
  group: 'kubevirt.io',
  version: 'v1',
  resource: 'virtualmachines',
  namespace: 'demo',
  name: 'fedora',
};
const vms = { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines', namespace: 'demo' };
const vmBody = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'fedora' },
};

describe('k8s fetch helpers', () => {
  it('reads an object through /api/kubernetes without a CSRF header', async () => {
    answer(200, { kind: 'Pod', metadata: { name: 'p' } });
    const got = await k8sGet({
      group: '',
      version: 'v1',
      resource: 'pods',
      namespace: 'demo',
      name: 'p',
    });
    expect(got).toEqual({ kind: 'Pod', metadata: { name: 'p' } });
    expect(sent[0]).toMatchObject({
      url: '/api/kubernetes/api/v1/namespaces/demo/pods/p',
      method: 'GET',
    });
    expect(sent[0]?.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('lists every page, following continue tokens, with the selectors', async () => {
    answer(200, { items: [{ n: 1 }], metadata: { continue: 'next' } });
    answer(200, { items: [{ n: 2 }], metadata: {} });
    const items = await k8sList(
      { group: '', version: 'v1', resource: 'nodes' },
      { labelSelector: 'role=worker' },
    );
    expect(items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(sent.map((s) => s.url)).toEqual([
      '/api/kubernetes/api/v1/nodes?limit=500&labelSelector=role%3Dworker',
      '/api/kubernetes/api/v1/nodes?limit=500&labelSelector=role%3Dworker&continue=next',
    ]);
  });

  it.each([
    {
      what: 'create',
      call: () => k8sCreate(vms, vmBody),
      method: 'POST',
      url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/demo/virtualmachines',
      contentType: 'application/json',
      body: vmBody,
    },
    {
      what: 'update',
      call: () => k8sUpdate(vm, vmBody),
      method: 'PUT',
      url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/demo/virtualmachines/fedora',
      contentType: 'application/json',
      body: vmBody,
    },
    {
      what: 'merge patch',
      call: () => k8sPatch(vm, { type: 'merge', patch: { spec: { runStrategy: 'Always' } } }),
      method: 'PATCH',
      url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/demo/virtualmachines/fedora',
      contentType: 'application/merge-patch+json',
      body: { spec: { runStrategy: 'Always' } },
    },
    {
      what: 'JSON patch',
      call: () =>
        k8sPatch(vm, { type: 'json', operations: [{ op: 'remove', path: '/metadata/labels/x' }] }),
      method: 'PATCH',
      url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/demo/virtualmachines/fedora',
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/metadata/labels/x' }],
    },
    {
      what: 'delete',
      call: () => k8sDelete(vm, { propagationPolicy: 'Foreground' }),
      method: 'DELETE',
      url: '/api/kubernetes/apis/kubevirt.io/v1/namespaces/demo/virtualmachines/fedora',
      contentType: 'application/json',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
    },
    {
      what: 'subresource',
      call: () =>
        k8sSubresource(
          'PUT',
          '/apis/subresources.kubevirt.io/v1/namespaces/demo/virtualmachines/fedora/start',
        ),
      method: 'PUT',
      url: '/api/kubernetes/apis/subresources.kubevirt.io/v1/namespaces/demo/virtualmachines/fedora/start',
      contentType: undefined,
      body: undefined,
    },
  ])(
    'sends a $what as $method with the CSRF token from the cookie',
    async ({ call, method, url, contentType, body }) => {
      answer(200, {});
      await call();
      expect(sent).toEqual([
        {
          url,
          method,
          body,
          headers: {
            Accept: 'application/json',
            'X-CSRF-Token': 'token/abc',
            ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
          },
        },
      ]);
    },
  );

  it('resolves an empty answer as undefined', async () => {
    answer(204, '');
    await expect(
      k8sSubresource(
        'PUT',
        '/apis/subresources.kubevirt.io/v1/namespaces/demo/virtualmachines/fedora/stop',
      ),
    ).resolves.toBeUndefined();
  });

  it('throws the server Status as a KubeError with its code, reason, message and field causes', async () => {
    answer(422, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 422,
      reason: 'Invalid',
      message:
        'VirtualMachine.kubevirt.io "Fedora" is invalid: metadata.name: Invalid value: "Fedora"',
      details: {
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'metadata.name',
            message: 'Invalid value: "Fedora"',
          },
        ],
      },
    });
    const error = await k8sCreate(vms, vmBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeError);
    expect(error).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'VirtualMachine.kubevirt.io "Fedora" is invalid: metadata.name: Invalid value: "Fedora"',
      causes: [
        { field: 'metadata.name', reason: 'FieldValueInvalid', message: 'Invalid value: "Fedora"' },
      ],
    });
  });

  it.each([
    {
      what: 'a text body',
      status: 502,
      body: 'upstream exploded',
      message: 'upstream exploded',
      reason: 'BadGateway',
    },
    {
      what: 'an empty body',
      status: 503,
      body: '',
      message: 'the server answered HTTP 503',
      reason: 'ServiceUnavailable',
    },
  ])('makes a KubeError from $what', async ({ status, body, message, reason }) => {
    answer(status, body, 'text/plain');
    await expect(k8sGet(vm)).rejects.toMatchObject({ code: status, reason, message });
  });

  it('calls the unauthorized listeners on a 401 and still rejects', async () => {
    const heard: number[] = [];
    const stop = onUnauthorized((error) => heard.push(error.code));
    answer(401, { kind: 'Status', code: 401, reason: 'Unauthorized', message: 'not signed in' });
    await expect(k8sGet(vm)).rejects.toMatchObject({ code: 401, message: 'not signed in' });
    stop();
    expect(heard).toEqual([401]);
  });

  it('rejects with a KubeError naming the cause when the server cannot be reached', async () => {
    await expect(k8sGet(vm)).rejects.toMatchObject({
      code: 0,
      reason: 'NetworkError',
      message: expect.stringContaining('Failed to fetch') as string,
    });
  });

  it('refuses a subresource path outside the Kubernetes API without sending it', async () => {
    await expect(k8sSubresource('POST', '/auth/logout')).rejects.toMatchObject({
      code: 400,
      message: expect.stringContaining('path') as string,
    });
    expect(sent).toEqual([]);
  });
});
