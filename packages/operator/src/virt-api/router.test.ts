import { describe, expect, it } from 'vitest';
import { Router, type RouteHandler } from './router.ts';

const first: RouteHandler = () => undefined;
const second: RouteHandler = () => undefined;
const router = new Router()
  .add('GET', '/apis/g/v1/namespaces/:namespace/things/:name/console', first)
  .add('put', '/apis/g/v1/namespaces/:namespace/things/:name/start', second)
  .add('GET', '/healthz', first);

describe('Router', () => {
  it.each([
    {
      path: '/apis/g/v1/namespaces/ns/things/a%20b/console',
      params: { namespace: 'ns', name: 'a b' },
    },
    { path: '//apis/g/v1/namespaces/ns/things/x/console/', params: { namespace: 'ns', name: 'x' } },
    { path: '/healthz', params: {} },
  ])('matches $path', ({ path, params }) => {
    expect(router.match('GET', path)).toEqual({ kind: 'found', handler: first, params });
  });

  it('matches methods case-insensitively', () => {
    expect(router.match('PUT', '/apis/g/v1/namespaces/n/things/t/start')).toMatchObject({
      kind: 'found',
      handler: second,
    });
  });

  it('reports the allowed methods of a known path', () => {
    expect(router.match('GET', '/apis/g/v1/namespaces/n/things/t/start')).toEqual({
      kind: 'method-not-allowed',
      allowed: ['PUT'],
    });
  });

  it.each([
    '/apis/g/v1/namespaces/n/things/t',
    '/apis/g/v1/namespaces/n/things/t/console/extra',
    '/apis/g/v1/namespaces/%E0%A4%A/things/t/console',
  ])('finds nothing at %s', (path) => {
    expect(router.match('GET', path)).toEqual({ kind: 'not-found' });
  });
});
