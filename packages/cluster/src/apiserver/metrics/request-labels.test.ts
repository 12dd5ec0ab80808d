import { describe, expect, it } from 'vitest';
import { requestLabelNames, requestLabelValues } from './request-labels.ts';

const labels = (
  method: string,
  url: string,
  code = 200,
  contentType?: string,
): Record<string, string> | undefined => {
  const values = requestLabelValues({ method, url, contentType }, code);
  return values === undefined
    ? undefined
    : Object.fromEntries(requestLabelNames.map((n, i) => [n, values[i] ?? '']));
};

describe('requestLabelValues', () => {
  it('labels a create as kube-apiserver does (POST, scope resource)', () => {
    expect(labels('POST', '/api/v1/namespaces/default/configmaps', 201)).toEqual({
      verb: 'POST',
      dry_run: '',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      subresource: '',
      scope: 'resource',
      component: 'apiserver',
      code: '201',
    });
  });

  it.each([
    ['GET', '/api/v1/namespaces/default/pods/p', 'GET', 'resource'],
    ['GET', '/api/v1/namespaces/default/pods', 'LIST', 'namespace'],
    ['GET', '/api/v1/pods', 'LIST', 'cluster'],
    ['GET', '/api/v1/pods?watch=true&resourceVersion=5', 'WATCH', 'cluster'],
    ['GET', '/api/v1/watch/namespaces/default/pods', 'WATCH', 'namespace'],
    ['GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dp', 'LIST', 'resource'],
    ['PUT', '/apis/kubevirt.io/v1/namespaces/d/virtualmachineinstances/v', 'PUT', 'resource'],
    ['PATCH', '/api/v1/namespaces/d/pods/p/status', 'PATCH', 'resource'],
    ['DELETE', '/api/v1/namespaces/d/pods/p', 'DELETE', 'resource'],
    ['DELETE', '/api/v1/namespaces/d/pods', 'DELETECOLLECTION', 'namespace'],
    ['POST', '/api/v1/namespaces/d/pods/p/exec', 'CONNECT', 'resource'],
    ['GET', '/api/v1/namespaces/d/pods/p/log', 'GET', 'resource'],
    ['OPTIONS', '/api/v1/pods', 'other', 'cluster'],
  ])('%s %s → %s, scope %s', (method, url, verb, scope) => {
    expect(labels(method, url)).toMatchObject({ verb, scope });
  });

  it('tells server-side apply (APPLY) from other patches, and keeps the subresource', () => {
    const url = '/apis/apps/v1/namespaces/d/deployments/x/scale';
    expect(labels('PATCH', url, 200, 'application/apply-patch+yaml; charset=utf-8')).toMatchObject({
      verb: 'APPLY',
      group: 'apps',
      resource: 'deployments',
      subresource: 'scale',
    });
    expect(labels('PATCH', url, 200, 'application/merge-patch+json')).toMatchObject({
      verb: 'PATCH',
    });
  });

  it('labels the namespace object itself and a dry run', () => {
    expect(labels('GET', '/api/v1/namespaces/x')).toMatchObject({
      resource: 'namespaces',
      verb: 'GET',
      scope: 'resource',
    });
    expect(labels('POST', '/api/v1/namespaces/d/configmaps?dryRun=All', 201)).toMatchObject({
      dry_run: 'All',
    });
  });

  it('does not count non-resource requests', () => {
    for (const url of ['/version', '/healthz', '/metrics', '/api', '/api/v1', '/apis/apps/v1'])
      expect(labels('GET', url)).toBeUndefined();
  });
});
