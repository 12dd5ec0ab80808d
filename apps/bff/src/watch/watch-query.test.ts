import { describe, expect, it } from 'vitest';
import type { WatchSubscribe } from './watch-protocol.ts';
import { watchQueryKey, watchQueryOf, watchQueryPath } from './watch-query.ts';

const base: WatchSubscribe = {
  type: 'subscribe',
  id: 'a',
  group: '',
  version: 'v1',
  resource: 'configmaps',
};

describe('watchQueryOf and watchQueryPath', () => {
  it.each<[string, Partial<WatchSubscribe>, string]>([
    ['a core list in every namespace', {}, '/api/v1/configmaps?'],
    ['a namespaced list', { namespace: 'ns' }, '/api/v1/namespaces/ns/configmaps?'],
    [
      'a grouped resource',
      { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines', namespace: 'd' },
      '/apis/kubevirt.io/v1/namespaces/d/virtualmachines?',
    ],
    [
      'one object by name',
      { namespace: 'ns', name: 'web' },
      '/api/v1/namespaces/ns/configmaps?fieldSelector=metadata.name%3Dweb',
    ],
    [
      'a name combined with a field selector, escaped',
      { name: 'a,b=c\\', fieldSelector: 'metadata.namespace!=x' },
      `/api/v1/configmaps?${new URLSearchParams({ fieldSelector: 'metadata.name=a\\,b\\=c\\\\,metadata.namespace!=x' }).toString()}`,
    ],
    [
      'a label selector',
      { labelSelector: 'app in (a,b)' },
      '/api/v1/configmaps?labelSelector=app+in+%28a%2Cb%29',
    ],
  ])('builds the path of %s', (_, fields, path) => {
    expect(watchQueryPath(watchQueryOf({ ...base, ...fields }), {})).toBe(path);
  });

  it('puts the request parameters before the selectors', () => {
    const query = watchQueryOf({ ...base, namespace: 'ns', labelSelector: 'x=y' });
    expect(watchQueryPath(query, { watch: '1', resourceVersion: '12' })).toBe(
      '/api/v1/namespaces/ns/configmaps?watch=1&resourceVersion=12&labelSelector=x%3Dy',
    );
  });
});

describe('watchQueryKey', () => {
  it('is equal for subscriptions that differ only in id', () => {
    expect(watchQueryKey(watchQueryOf({ ...base, id: 'x', namespace: 'n' }))).toBe(
      watchQueryKey(watchQueryOf({ ...base, id: 'y', namespace: 'n' })),
    );
  });

  it.each<Partial<WatchSubscribe>>([
    { namespace: 'other' },
    { labelSelector: 'a=b' },
    { fieldSelector: 'metadata.name=x' },
    { name: 'x' },
    { resource: 'secrets' },
    { group: 'apps' },
  ])('differs when the query differs: %j', (fields) => {
    expect(watchQueryKey(watchQueryOf({ ...base, namespace: 'n', ...fields }))).not.toBe(
      watchQueryKey(watchQueryOf({ ...base, namespace: 'n' })),
    );
  });
});
