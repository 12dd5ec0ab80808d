import { describe, expect, it } from 'vitest';
import { isStreamingUpgrade, requestAttributes } from './request-attributes.ts';

describe('requestAttributes', () => {
  it.each([
    [
      'GET',
      '/api/v1/namespaces/default/pods',
      { verb: 'list', resource: 'pods', namespace: 'default', name: '' },
    ],
    ['GET', '/api/v1/namespaces/default/pods?watch=true', { verb: 'watch', resource: 'pods' }],
    [
      'GET',
      '/api/v1/watch/namespaces/default/pods',
      { verb: 'watch', resource: 'pods', namespace: 'default' },
    ],
    ['GET', '/api/v1/namespaces/default/pods/web', { verb: 'get', name: 'web' }],
    [
      'GET',
      '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb',
      { verb: 'list', name: 'web' },
    ],
    [
      'GET',
      '/api/v1/namespaces/default/pods/web/log',
      { verb: 'get', subresource: 'log', name: 'web' },
    ],
    ['POST', '/api/v1/namespaces/default/pods', { verb: 'create', name: '' }],
    [
      'POST',
      '/api/v1/namespaces/default/pods/web/exec?command=sh',
      { verb: 'create', subresource: 'exec' },
    ],
    [
      'PUT',
      '/apis/apps/v1/namespaces/ns/deployments/d/scale',
      { verb: 'update', group: 'apps', version: 'v1', subresource: 'scale' },
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/ns/deployments/d',
      { verb: 'patch', group: 'apps', resource: 'deployments' },
    ],
    ['DELETE', '/api/v1/namespaces/default/pods/web', { verb: 'delete', name: 'web' }],
    ['DELETE', '/api/v1/namespaces/default/pods', { verb: 'deletecollection', name: '' }],
    ['GET', '/api/v1/namespaces', { verb: 'list', resource: 'namespaces', namespace: '' }],
    [
      'GET',
      '/api/v1/namespaces/kube-system',
      { verb: 'get', resource: 'namespaces', name: 'kube-system', namespace: 'kube-system' },
    ],
    [
      'PUT',
      '/api/v1/namespaces/x/finalize',
      {
        verb: 'update',
        resource: 'namespaces',
        name: 'x',
        subresource: 'finalize',
        namespace: 'x',
      },
    ],
    [
      'GET',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      { verb: 'list', group: 'rbac.authorization.k8s.io', namespace: '' },
    ],
  ])('%s %s is a resource request', (method, url, expected) => {
    expect(requestAttributes({ method, url })).toMatchObject({ type: 'resource', ...expected });
  });

  it.each([
    ['GET', '/version', 'get', '/version'],
    ['GET', '/api', 'get', '/api'],
    ['GET', '/api/v1', 'get', '/api/v1'],
    ['GET', '/apis/apps/v1?timeout=32s', 'get', '/apis/apps/v1'],
    ['GET', '/openapi/v3', 'get', '/openapi/v3'],
    ['POST', '/logs', 'post', '/logs'],
  ])('%s %s is a non-resource request', (method, url, verb, path) => {
    expect(requestAttributes({ method, url })).toEqual({ type: 'nonResource', verb, path });
  });

  it.each([
    [true, 'GET', '/api/v1/namespaces/d/pods/p/exec?command=sh', true],
    [true, 'GET', '/api/v1/namespaces/d/pods/p/attach', true],
    [true, 'GET', '/api/v1/namespaces/d/pods/p/portforward', true],
    [true, 'GET', '/api/v1/namespaces/d/pods/p/log', false],
    [false, 'GET', '/api/v1/namespaces/d/pods/p/exec', false],
    [true, 'POST', '/api/v1/namespaces/d/pods/p/exec', false],
  ])('websocket=%s %s %s is a streaming upgrade: %s', (websocket, method, url, expected) => {
    const line = { method, url, websocket };
    expect(isStreamingUpgrade(requestAttributes(line), line)).toBe(expected);
  });
});
