import { describe, expect, it } from 'vitest';
import { parseRequestPath } from './request-info.ts';

const resource = (fields: Partial<Record<string, unknown>>): Record<string, unknown> => ({
  type: 'resource',
  group: '',
  version: 'v1',
  namespace: '',
  name: '',
  subresource: '',
  watchPath: false,
  ...fields,
});

describe('parseRequestPath', () => {
  it.each([
    ['/version', { type: 'version' }],
    ['/healthz', { type: 'health', check: 'healthz' }],
    ['/readyz/ping', { type: 'health', check: 'readyz' }],
    ['/api', { type: 'api-versions' }],
    ['/apis', { type: 'api-groups' }],
    ['/apis/apps', { type: 'api-group', group: 'apps' }],
    ['/api/v1', { type: 'resource-list', group: '', version: 'v1' }],
    ['/apis/kubevirt.io/v1', { type: 'resource-list', group: 'kubevirt.io', version: 'v1' }],
    ['/openapi/v3', { type: 'openapi-v3-index' }],
    ['/openapi/v3/api/v1', { type: 'openapi-v3-document', group: '', version: 'v1' }],
    ['/openapi/v3/apis/apps/v1', { type: 'openapi-v3-document', group: 'apps', version: 'v1' }],
    ['/openapi/v2', { type: 'openapi-v2' }],
    ['/metrics', { type: 'unknown' }],
  ])('%s', (path, expected) => {
    expect(parseRequestPath(path)).toEqual(expected);
  });

  it.each([
    ['/api/v1/pods', resource({ resource: 'pods' })],
    ['/api/v1/namespaces/default/pods', resource({ namespace: 'default', resource: 'pods' })],
    [
      '/api/v1/namespaces/default/pods/p1',
      resource({ namespace: 'default', resource: 'pods', name: 'p1' }),
    ],
    [
      '/api/v1/namespaces/default/pods/p1/status',
      resource({ namespace: 'default', resource: 'pods', name: 'p1', subresource: 'status' }),
    ],
    ['/api/v1/namespaces/ns1', resource({ resource: 'namespaces', name: 'ns1' })],
    [
      '/api/v1/namespaces/ns1/status',
      resource({ resource: 'namespaces', name: 'ns1', subresource: 'status' }),
    ],
    [
      '/api/v1/namespaces/ns1/finalize',
      resource({ resource: 'namespaces', name: 'ns1', subresource: 'finalize' }),
    ],
    ['/api/v1/namespaces', resource({ resource: 'namespaces' })],
    [
      '/api/v1/watch/namespaces/default/pods',
      resource({ namespace: 'default', resource: 'pods', watchPath: true }),
    ],
    [
      '/apis/apps/v1/namespaces/d/deployments/x/scale',
      resource({
        group: 'apps',
        namespace: 'd',
        resource: 'deployments',
        name: 'x',
        subresource: 'scale',
      }),
    ],
    [
      '/apis/kubevirt.io/v1/namespaces/d/virtualmachines/vm%201',
      resource({ group: 'kubevirt.io', namespace: 'd', resource: 'virtualmachines', name: 'vm 1' }),
    ],
  ])('%s addresses a resource', (path, expected) => {
    expect(parseRequestPath(path)).toEqual(expected);
  });

  it('rejects extra segments and bad escapes', () => {
    expect(parseRequestPath('/api/v1/namespaces/d/pods/p/log/extra')).toEqual(
      resource({
        namespace: 'd',
        resource: 'pods',
        name: 'p',
        subresource: 'log',
        subpath: 'extra',
      }),
    );
    expect(parseRequestPath('/api/v1/pods/%E0%A4%A')).toEqual({ type: 'unknown' });
  });
});
